#!/bin/sh
# with-keyring.sh [--bus-only | --no-bus] COMMAND ARGS...
#
# Runs COMMAND with a real Secret Service of its own: a temporary HOME (with XDG_CONFIG_HOME,
# XDG_DATA_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR inside it), a private D-Bus session bus
# (dbus-run-session) and gnome-keyring-daemon's secrets component, its login keyring created
# and unlocked with a password. Nothing of the user's own session is touched: not their bus,
# not their keyrings.
#
# --bus-only   start the session bus but no keyring daemon: a session without a keychain.
# --no-bus     start nothing: DBUS_SESSION_BUS_ADDRESS names a socket that does not exist.
#
# The bus activates no services (its configuration lists no service folders), so no second
# keyring daemon and no unlock prompter (gcr-prompter) can start behind the test's back; a
# locked keyring stays locked. DISPLAY and WAYLAND_DISPLAY are unset for the same reason, and
# the desktop variables so that QtKeychain does not go looking for KWallet.
#
# COMMAND sees:
#   LAYERSCOPE_TEST_HOME        the temporary HOME, so a test can scan every file in it
#   LAYERSCOPE_KEYRING_PASSWORD the login keyring's password
#   LAYERSCOPE_KEYRING_SESSION  keyring, bus-only or no-bus
# The temporary HOME is removed at the end unless LAYERSCOPE_KEEP_TEST_HOME=1. The exit status
# is COMMAND's. The keyring daemon ends with the bus.
set -eu

session=keyring
case "${1:-}" in
--bus-only) session=bus-only; shift ;;
--no-bus) session=no-bus; shift ;;
esac
if [ $# -eq 0 ]; then
    echo "usage: with-keyring.sh [--bus-only | --no-bus] COMMAND ARGS..." >&2
    exit 2
fi

home=$(mktemp -d "${TMPDIR:-/tmp}/layerscope-keyring.XXXXXX")
cleanup() {
    if [ "${LAYERSCOPE_KEEP_TEST_HOME:-0}" = "1" ]; then
        echo "with-keyring.sh: kept $home" >&2
    else
        rm -rf "$home"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export HOME="$home"
export XDG_CONFIG_HOME="$home/.config"
export XDG_DATA_HOME="$home/.local/share"
export XDG_CACHE_HOME="$home/.cache"
export XDG_RUNTIME_DIR="$home/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$home" "$XDG_RUNTIME_DIR"
export LAYERSCOPE_TEST_HOME="$home"
export LAYERSCOPE_KEYRING_PASSWORD="layerscope-test-keyring"
export LAYERSCOPE_KEYRING_SESSION="$session"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
# QtKeychain picks KWallet over the Secret Service when these say "KDE".
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_SESSION_VERSION KDE_FULL_SESSION \
    GNOME_DESKTOP_SESSION_ID

status=0
if [ "$session" = "no-bus" ]; then
    DBUS_SESSION_BUS_ADDRESS="unix:path=$XDG_RUNTIME_DIR/no-such-bus" "$@" || status=$?
    exit "$status"
fi

bus_config="$XDG_RUNTIME_DIR/session-bus.conf"
cat > "$bus_config" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$XDG_RUNTIME_DIR</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

dbus-run-session --config-file="$bus_config" -- sh -c '
    if [ "$LAYERSCOPE_KEYRING_SESSION" = "bus-only" ]; then
        exec "$@"
    fi
    # --unlock reads the password from stdin and creates the login keyring with it. In the
    # foreground the daemon stays this shell'"'"'s child, so it can be stopped and waited for.
    printf "%s" "$LAYERSCOPE_KEYRING_PASSWORD" \
        | gnome-keyring-daemon --foreground --unlock --components=secrets \
            >"$XDG_RUNTIME_DIR/keyring.env" &
    daemon=$!
    stop_daemon() { kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; }
    trap stop_daemon EXIT
    # The daemon claims its bus name a moment after it starts.
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
            org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
            echo "with-keyring.sh: gnome-keyring-daemon did not appear on the bus" >&2
            exit 70
        fi
        sleep 0.1
    done
    # Whatever environment the daemon announces (GNOME_KEYRING_CONTROL, …).
    set -a
    eval "$(cat "$XDG_RUNTIME_DIR/keyring.env")"
    set +a
    "$@"
' with-keyring "$@" || status=$?
exit "$status"
