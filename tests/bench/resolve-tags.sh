#!/bin/sh
# Benchmark: resolve every tag of a 310-tag repository (manifest and config of each) with
#   1. layerscope-cli tags --resolve --json
#   2. a loop of skopeo inspect, one tag at a time (what a script does today)
#   3. curl --parallel fetching the same manifests and configs (the floor on this machine)
# all against the same local registry in the same run, and print the times and ratios.
#
#   tests/bench/resolve-tags.sh [--latency MS] [build directory]
#
# The build directory defaults to build/release, then build/dev. With --latency, all three
# clients reach the registry through tests/bench/latencyproxy.py, which delays every byte by MS
# milliseconds each way: a registry one network round trip (2 × MS) away, as real ones are.
#
# It starts the test harness (tests/harness) in a temporary folder and stops it at the end.
# Timings are wall-clock medians of several runs; this is a measurement, not a test.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
latency=0
if [ "${1:-}" = "--latency" ]; then
    latency=${2:?--latency needs milliseconds}
    shift 2
fi
build=${1:-}
if [ -z "$build" ]; then
    for candidate in "$top/build/release" "$top/build/dev"; do
        [ -x "$candidate/app/layerscope-cli" ] && build=$candidate && break
    done
fi
cli="$build/app/layerscope-cli"
[ -x "$cli" ] || { echo "resolve-tags.sh: no layerscope-cli in '$build' (build first)" >&2; exit 2; }
for tool in skopeo curl docker-registry; do
    command -v "$tool" >/dev/null || { echo "resolve-tags.sh: $tool is missing (packaging/install-deps.sh)" >&2; exit 2; }
done

state=$(mktemp -d /tmp/layerscope-bench.XXXXXX)
proxy=""
cleanup() {
    [ -n "$proxy" ] && kill "$proxy" 2>/dev/null
    "$top/tests/harness/harness.py" stop --state "$state" >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT INT TERM
"$top/tests/harness/harness.py" start --state "$state" >/dev/null

# What to fetch, from the harness's own record of the fixture (not from Layerscope).
/usr/bin/python3 - "$state/harness.json" "$state" <<'PY'
import json, sys
contract = json.load(open(sys.argv[1]))
state = sys.argv[2]
registry = contract["registries"]["open"]["hostPort"]
fixture = contract["fixtures"]["manyTags"]
repository = fixture["repository"]
tags = list(fixture["tagDigests"])
configs = sorted({image["configDigest"] for image in fixture["images"]})
accept = ("application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
          "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
with open(f"{state}/tags.txt", "w") as out:
    out.write("\n".join(tags) + "\n")
with open(f"{state}/curl.cfg", "w") as out:
    for tag in tags:
        out.write(f'url = "http://{registry}/v2/{repository}/manifests/{tag}"\n'
                  f'header = "Accept: {accept}"\noutput = "/dev/null"\n')
    for digest in configs:
        out.write(f'url = "http://{registry}/v2/{repository}/blobs/{digest}"\noutput = "/dev/null"\n')
with open(f"{state}/target", "w") as out:
    out.write(f"{registry}/{repository}\n{len(tags)}\n{len(configs)}\n")
PY
target=$(sed -n 1p "$state/target")
if [ "$latency" != 0 ]; then
    registry=${target%%/*}
    repository=${target#*/}
    "$top/tests/bench/latencyproxy.py" --upstream "$registry" --delay-ms "$latency" > "$state/proxy.port" &
    proxy=$!
    while [ ! -s "$state/proxy.port" ]; do sleep 0.1; done
    proxied="127.0.0.1:$(cat "$state/proxy.port")"
    sed -i "s|$registry|$proxied|g" "$state/curl.cfg"
    target="$proxied/$repository"
fi
tag_count=$(sed -n 2p "$state/target")
config_count=$(sed -n 3p "$state/target")

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run_layerscope() {
    start=$(now)
    "$cli" tags --resolve --json "$target" > "$state/layerscope.json"
    elapsed "$start" "$(now)"
}
run_curl() {
    start=$(now)
    curl --silent --show-error --no-progress-meter --fail --parallel --parallel-max 16 \
        --config "$state/curl.cfg"
    elapsed "$start" "$(now)"
}
run_skopeo() {
    start=$(now)
    while read -r tag; do
        skopeo inspect --tls-verify=false "docker://$target:$tag" > /dev/null
    done < "$state/tags.txt"
    elapsed "$start" "$(now)"
}

echo "Resolving $tag_count tags ($config_count distinct configs) of $target"
[ "$latency" != 0 ] && echo "  through a proxy adding $latency ms each way ($((latency * 2)) ms round trip)"
run_layerscope > /dev/null && run_curl > /dev/null   # warm up the registry's caches
layerscope=$( (run_layerscope; run_layerscope; run_layerscope; run_layerscope; run_layerscope) | median)
curl_floor=$( (run_curl; run_curl; run_curl; run_curl; run_curl) | median)
skopeo_loop=$( (run_skopeo) | median)

resolved=$(/usr/bin/python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$state/layerscope.json")
[ "$resolved" = "$tag_count" ] || { echo "resolve-tags.sh: layerscope-cli resolved $resolved of $tag_count tags" >&2; exit 1; }

awk -v l="$layerscope" -v c="$curl_floor" -v s="$skopeo_loop" 'BEGIN {
    printf "  %-40s %8.3f s\n", "layerscope-cli tags --resolve --json", l
    printf "  %-40s %8.3f s\n", "skopeo inspect, one tag at a time", s
    printf "  %-40s %8.3f s\n", "curl --parallel (manifests + configs)", c
    printf "  skopeo loop / layerscope-cli = %.1fx   (target: at least 15x)\n", s / l
    printf "  layerscope-cli / curl floor  = %.2fx  (target: at most 2x)\n", l / c
}'
