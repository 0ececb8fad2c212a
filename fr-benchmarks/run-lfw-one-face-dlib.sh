#!/usr/bin/env bash
# Issue 4's LFW point for dlib's frontal HOG detector on exactly the photos `fr lfw-one-face` draws, so that the two
# detectors are compared on the same 1,000 photos in the same run: one JSON line per detector with the same fields
# and the same verdicts: one_over_face (exactly one box, and it covers the photo's centre; LFW photos are centred on
# the face) and face_boxed_once (exactly one box covers the centre, whatever other boxes the photo has).
# Usage: fr-benchmarks/run-lfw-one-face-dlib.sh [UPSAMPLE] [LFW_ONE_FACE_OPTIONS...]
#   UPSAMPLE: dlib's upsampling (default 0, the 80 px setting that `fr lfw-one-face --detector hog` uses);
#   the other arguments go to both `fr lfw-one-face` runs (e.g. --seed 7 --count 2000 --people even).
# The dlib peer: $DLIB_HOG if set, else built by fr-benchmarks/peers/dlib-hog/build.sh (installs libdlib-dev).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
upsample="${1:-0}"
shift || true
peer="${DLIB_HOG:-$("$root/fr-benchmarks/peers/dlib-hog/build.sh")}"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
"$root/fr" lfw-one-face --list "$@" > "$list"
echo "run-lfw-one-face-dlib: dlib upsample $upsample on $(wc -l < "$list") photos" >&2
"$peer" "$upsample" 1 < "$list" | UPSAMPLE="$upsample" python3 -c '
import json, os, struct, sys

def size(path):
    """Width and height of a JPEG or PNG, read from its header."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    raise ValueError("no image size in " + path)

counts = {"no_box": 0, "one_over_face": 0, "several_boxes": 0, "one_elsewhere": 0}
n = boxed_once = 0
for line in sys.stdin:
    path, _, boxes = line.rstrip("\n").split("\t")
    n += 1
    boxes = [list(map(float, b.split(","))) for b in boxes.split(";") if b]
    w, h = size(path)
    over = [b for b in boxes if b[0] <= w / 2 <= b[2] and b[1] <= h / 2 <= b[3]]
    boxed_once += len(over) == 1
    if not boxes:
        counts["no_box"] += 1
    elif len(boxes) > 1:
        counts["several_boxes"] += 1
    else:
        counts["one_over_face" if over else "one_elsewhere"] += 1
out = {"images": n, "one_over_face": counts["one_over_face"], "share": round(counts["one_over_face"] / n, 4),
       "no_box": counts["no_box"], "several_boxes": counts["several_boxes"], "one_elsewhere": counts["one_elsewhere"],
       "face_boxed_once": boxed_once, "detector": "dlib-hog-upsample" + os.environ["UPSAMPLE"]}
print(json.dumps(out, separators=(",", ":")))
'
min_face=$((80 >> upsample))
"$root/fr" lfw-one-face --detector hog --detector-option landmarks=false --detector-option "min-face=$min_face" "$@"
