#!/bin/sh
# The explorer's benchmarks, in one run, on an optimised build (the bench preset):
#   1. startup: layerscope to a shown window against an empty QMainWindow program
#      (tests/bench/startup.sh);
#   2. a 10,000-repository catalog scrolled and filtered, the longest event-loop stall
#      (layerscope-bench-catalog);
#   3. 1,000 tags resolving in the tag pane, the longest event-loop stall
#      (tests/bench/tags-stall.sh, against the test harness's registry);
#   4. two 200-layer images compared: the alignment beside GNU diff, the compare window
#      (layerscope-bench-compare).
#
#   tests/bench/explorer.sh
#
# It configures and builds build/bench first. These are measurements, not tests: CI does not
# run them, and the numbers move with the machine's load (printed alongside).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
cmake --preset bench >/dev/null
cmake --build --preset bench --target layerscope layerscope-bench-emptywindow \
    layerscope-bench-catalog layerscope-bench-tags layerscope-bench-compare >/dev/null
build="$top/build/bench"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$top/tests/bench/startup.sh" "$build"
QT_QPA_PLATFORM=offscreen "$build/tests/ui/registries/layerscope-bench-catalog"
"$top/tests/bench/tags-stall.sh" "$build"
QT_QPA_PLATFORM=offscreen "$build/tests/ui/layerscope-bench-compare" 2>/dev/null
