#!/bin/sh
# Benchmark: time from launch to a shown, painted window for layerscope and for an empty
# QMainWindow program (the floor for any Qt Widgets application on this machine), in the same
# run, alternating, and print the medians and their ratio.
#
#   tests/bench/startup.sh [build directory] [runs]
#
# The build directory defaults to build/bench (cmake --preset bench && cmake --build --preset
# bench). Both programs run on the offscreen platform with an empty settings folder, so
# layerscope starts as on a first run (Docker Hub selected); its network work is asynchronous
# and not part of the measurement. This is a measurement, not a test.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build/bench}
runs=${2:-15}
app="$build/app/layerscope"
empty="$build/tests/ui/layerscope-bench-emptywindow"
for program in "$app" "$empty"; do
    [ -x "$program" ] || { echo "startup.sh: $program is missing (cmake --preset bench && cmake --build --preset bench)" >&2; exit 2; }
done
config=$(mktemp -d /tmp/layerscope-startup.XXXXXX)
trap 'rm -rf "$config"' EXIT

# Milliseconds one run of "$@" takes, wall clock.
run_ms() {
    start=$(date +%s%N)
    env XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=offscreen LAYERSCOPE_QUIT_WHEN_SHOWN=1 "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One warm-up run each, so that both start from a warm page cache.
run_ms "$app" >/dev/null
run_ms "$empty" >/dev/null
app_times=""
empty_times=""
i=0
while [ $i -lt "$runs" ]; do
    app_times="$app_times $(run_ms "$app")"
    empty_times="$empty_times $(run_ms "$empty")"
    rm -rf "${config:?}"/*
    i=$((i + 1))
done
app_median=$(echo $app_times | tr ' ' '\n' | median)
empty_median=$(echo $empty_times | tr ' ' '\n' | median)
ratio=$(awk -v a="$app_median" -v e="$empty_median" 'BEGIN { printf "%.2f", a / e }')
printf 'startup (median of %s runs): layerscope %s ms, empty QMainWindow %s ms, ratio %sx\n' \
    "$runs" "$app_median" "$empty_median" "$ratio"
