#!/usr/bin/env bash
# Chooses the hog detector's threshold on TRAINING data only (issue 4): for each threshold, the training.xml photos
# of dlib-faces at the 40 px setting (the testing.xml photos' lines are dropped unread), the negatives/ photos at the
# 40 and 80 px settings, and 1,000 LFW photos of the trainer's (even-index) people at the 80 px setting.
# Rule (docs/hog.md): the threshold with the most LFW photos giving exactly one box over the face among those that
# put no box on any negatives/ photo at either setting; ties go to the lower threshold.
# Usage: fr-benchmarks/hog-threshold-sweep.sh [MODELS] [THRESHOLDS...]; MODELS: comma-separated filter files (the
# detector's model option; none: the shipped set); one JSON line per threshold, then the choice.
# Environment: HOG_OPTIONS="KEY=VALUE ..." more detector options (e.g. "nms-contained=0.5"); LFW_COUNT: LFW photos
# drawn from the even-index people (default 1000; 100000 takes all 6,373).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FR_DATA:-$root/../shared/datasets}"
model="${1:-}"
shift || true
thresholds=("$@")
[ ${#thresholds[@]} -gt 0 ] || thresholds=(-0.3 -0.25 -0.2 -0.15 -0.1 -0.05 0)
opts=(--detector hog --detector-option landmarks=false)
[ -n "$model" ] && opts+=(--detector-option "model=$model")
for kv in ${HOG_OPTIONS:-}; do opts+=(--detector-option "$kv"); done   # more detector options, e.g. HOG_OPTIONS="exact-every=4"
training_images="$(grep -o "file='[^']*'" "$data/detection/dlib-faces/training.xml" | sed "s/file='\(.*\)'/\1/" | paste -sd,)"
best=""
for t in "${thresholds[@]}"; do
  o=("${opts[@]}" --detector-option "threshold=$t")
  xml="$("$root/fr" eval-detect "${o[@]}" --detector-option min-face=40 --set dlib --data "$data/detection/dlib-faces" --per-image \
    | TRAIN="$training_images" python3 -c '
import sys, json, os
train = set(os.environ["TRAIN"].split(","))
f = n = fp = 0
for l in sys.stdin:
    j = json.loads(l)
    if "image" in j and os.path.basename(j["image"]) in train:
        f += j["found_iou30"]; n += j["faces"]; fp += j["false_positives"]
print(f, n, fp)')"
  neg40="$("$root/fr" eval-detect "${o[@]}" --detector-option min-face=40 --set negatives --data "$data/negatives" | python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["images_with_detections"])')"
  neg80="$("$root/fr" eval-detect "${o[@]}" --detector-option min-face=80 --set negatives --data "$data/negatives" | python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["images_with_detections"])')"
  lfw="$("$root/fr" lfw-one-face "${o[@]}" --people even --count "${LFW_COUNT:-1000}" --root "$data/lfw/images" | python3 -c 'import sys,json; j=json.loads(sys.stdin.read()); print(j["one_over_face"], j["no_box"], j["several_boxes"])')"
  read -r xf xn xfp <<< "$xml"
  read -r lg ln ls <<< "$lfw"
  echo "{\"threshold\":$t,\"training_xml_found\":$xf,\"training_xml_faces\":$xn,\"training_xml_false\":$xfp,\"negatives40_images\":$neg40,\"negatives80_images\":$neg80,\"lfw_even_one_over_face\":$lg,\"lfw_even_no_box\":$ln,\"lfw_even_several\":$ls}"
  if [ "$neg40" = 0 ] && [ "$neg80" = 0 ]; then
    if [ -z "$best" ] || [ "$lg" -gt "$best_lfw" ]; then best="$t"; best_lfw="$lg"; fi
  fi
done
echo "{\"chosen_threshold\":\"${best:-none}\"}"
