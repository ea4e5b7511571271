#!/bin/sh
# Benchmark: does the tag pane keep the event loop responsive while it resolves 1000 tags?
#
#   tests/bench/tags-stall.sh [build directory]
#
# Starts the test harness (tests/harness) in a temporary folder, pushes a repository of 1000
# tags, bench/thousand-tags, to its open registry (the tags name ten images of
# fixtures/many-tags: their blobs are mounted and their manifests PUT again under the new tag
# names with curl), runs layerscope-bench-tags against it offscreen and prints its line:
#   tags=<n> resolved_in_ms=<t> max_stall_ms=<x> p99_stall_ms=<y>
# where the stalls are the gaps between ticks of a 5 ms timer during the resolution. The
# harness is stopped at the end. A second line measures the model alone (no proxy, no view),
# and the load average shows how busy the machine was. This is a measurement, not a test.
#
# The build directory (dev preset or any build with tests) defaults to build/dev.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build/dev}
bench="$build/tests/ui/tags/layerscope-bench-tags"
[ -x "$bench" ] || { echo "tags-stall.sh: no layerscope-bench-tags in '$build' (build it first)" >&2; exit 2; }
for tool in curl docker-registry; do
    command -v "$tool" >/dev/null || { echo "tags-stall.sh: $tool is missing (packaging/install-deps.sh)" >&2; exit 2; }
done

state=$(mktemp -d /tmp/layerscope-bench-tags.XXXXXX)
cleanup() {
    "$top/tests/harness/harness.py" stop --state "$state" >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT INT TERM
"$top/tests/harness/harness.py" start --state "$state" >/dev/null

# Ten images of fixtures/many-tags, as the harness recorded them.
/usr/bin/python3 - "$state/harness.json" "$state" <<'PY'
import json, sys
contract = json.load(open(sys.argv[1]))
state = sys.argv[2]
registry = contract["registries"]["open"]["hostPort"]
fixture = contract["fixtures"]["manyTags"]
images = fixture["images"][:10]
with open(f"{state}/registry", "w") as out:
    out.write(registry + "\n")
with open(f"{state}/images", "w") as out:
    for image in images:
        blobs = [image["configDigest"]] + [layer["digest"] for layer in image["layers"]]
        out.write(image["manifestDigest"] + " " + " ".join(blobs) + "\n")
PY
registry=$(cat "$state/registry")
source_repo=fixtures/many-tags
target_repo=bench/thousand-tags
media_type=application/vnd.docker.distribution.manifest.v2+json

# Mount each image's blobs into the new repository and keep its manifest's exact bytes.
n=0
while read -r manifest blobs; do
    for blob in $blobs; do
        status=$(curl --silent --output /dev/null --write-out '%{http_code}' -X POST \
            "http://$registry/v2/$target_repo/blobs/uploads/?mount=$blob&from=$source_repo")
        [ "$status" = 201 ] || { echo "tags-stall.sh: mounting $blob answered $status" >&2; exit 1; }
    done
    curl --silent --show-error --fail -H "Accept: $media_type" \
        -o "$state/manifest-$n.json" "http://$registry/v2/$source_repo/manifests/$manifest"
    [ "sha256:$(sha256sum "$state/manifest-$n.json" | cut -d' ' -f1)" = "$manifest" ] \
        || { echo "tags-stall.sh: manifest $manifest does not hash to its digest" >&2; exit 1; }
    n=$((n + 1))
done < "$state/images"

# 1000 tags, ten per image in turn, PUT with curl --parallel.
/usr/bin/python3 - "$state" "$registry" "$target_repo" "$n" <<'PY'
import sys
state, registry, repo, images = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(f"{state}/put.cfg", "w") as out:
    for i in range(1000):
        tag = f"2.{i // 100}.{i % 100}" if i % 2 == 0 else f"nightly-{i:04d}"
        out.write(f'url = "http://{registry}/v2/{repo}/manifests/{tag}"\n'
                  f'upload-file = "{state}/manifest-{i % images}.json"\n'
                  f'output = "/dev/null"\n')
PY
curl --silent --show-error --no-progress-meter --fail --parallel --parallel-max 8 \
    -H "Content-Type: $media_type" --config "$state/put.cfg"

QT_QPA_PLATFORM=offscreen "$bench" --registry "$registry" --repository "$target_repo"
# The same without proxy and view: what the network, the resolver and the model cost alone.
printf 'model only: '
QT_QPA_PLATFORM=offscreen "$bench" --registry "$registry" --repository "$target_repo" --model-only
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
