#!/bin/sh
# Installs every Debian package Layerscope's build and test suite need, and nothing that is
# already there. The README's commands and CI both call this script, so the list lives here only.
#
#   packaging/install-deps.sh           install what is missing (uses sudo when not root)
#   packaging/install-deps.sh --list    print the package list and exit
set -eu

PACKAGES="
    build-essential
    cmake
    clang-format
    ninja-build
    pkg-config
    qt6-base-dev
    qt6-base-dev-tools
    qt6-qpa-plugins
    libqt6svg6
    qtkeychain-qt6-dev
    zlib1g-dev
    libzstd-dev
    ca-certificates
    fonts-dejavu-core
    docker-registry
    skopeo
    zstd
    curl
    python3
    python3-cryptography
    dbus-daemon
    gnome-keyring
    libsecret-1-0
    libsecret-tools
    desktop-file-utils
    appstream
    dpkg-dev
    file
"

if [ "${1:-}" = "--list" ]; then
    for package in $PACKAGES; do echo "$package"; done
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps.sh: this script needs a Debian-based system (dpkg and apt-get)." >&2
    exit 1
fi

missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "install-deps.sh: all build and test dependencies are installed."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "install-deps.sh: missing packages:$missing" >&2
    echo "install-deps.sh: run this script as root, or install sudo." >&2
    exit 1
fi

echo "install-deps.sh: installing$missing"
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update
# shellcheck disable=SC2086 # the package list is meant to split into words
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing

# Debian starts docker-registry as a system service on port 5000 when it is installed. The
# tests run their own registries on loopback ports and need none; a freshly installed service
# is stopped and disabled again so installing test dependencies leaves no server listening.
case " $missing " in
    *" docker-registry "*)
        if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
            $as_root systemctl disable --now docker-registry >/dev/null 2>&1 || true
            echo "install-deps.sh: stopped and disabled the docker-registry system service" \
                 "(re-enable with: systemctl enable --now docker-registry)"
        fi
        ;;
esac
