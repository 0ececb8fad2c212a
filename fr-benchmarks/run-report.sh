#!/usr/bin/env bash
# One command for the speed-against-accuracy report (issue 8). Usage:
#   fr-benchmarks/run-report.sh            full run (~40-60 min on 2 cores): writes docs/benchmarks.md and docs/speed-vs-accuracy.png
#   fr-benchmarks/run-report.sh --smoke    CI smoke (~3 min): few iterations, 300 LFW pairs; writes fr-benchmarks/target/report/
# Every detector and embedder registered through org.fr.Components is measured; the peers (OpenCV Haar from Debian's
# opencv-data, dlib HOG from libdlib-dev) are installed with apt-get when missing. Intermediate results stay in
# fr-benchmarks/target/report/ (jmh.json, accuracy.json, overhead.jsonl, dlib-*.tsv).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode=full
[ "${1:-}" = "--smoke" ] && mode=smoke
work="$root/fr-benchmarks/target/report"
mkdir -p "$work"
log() { echo "run-report: $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
load_start="$(load)"
code="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' with local changes')"

log "building"
cp="$("$root/fr-benchmarks/classpath.sh")"
# the Vector API module as the `fr` launcher has it (the hog scan and the gallery's int8 search use it when present)
run() { java --add-modules jdk.incubator.vector -cp "$cp" "$@"; }

haar="${FR_HAAR_CASCADE:-/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml}"
if [ ! -f "$haar" ]; then
  log "installing opencv-data for the Haar cascade (apt-get)"
  apt-get install -y -q opencv-data >&2 || { apt-get update -q >&2 && apt-get install -y -q opencv-data >&2; } || log "no Haar cascade: the Haar peer is left out"
fi

detectors="$(run org.fr.benchmarks.report.ListComponents detectors)"
embedders="$(run org.fr.benchmarks.report.ListComponents embedders)"
log "detectors: $detectors; embedders: $embedders"

log "peer inputs and dlib HOG"
run org.fr.benchmarks.data.PeerInputs "$work/peer-inputs"
dlib_args=()
if dlib="$("$root/fr-benchmarks/peers/dlib-hog/build.sh")"; then
  runs=$([ "$mode" = smoke ] && echo 3 || echo 20)
  "$dlib" 0 "$runs" < "$work/peer-inputs/frames.txt" > "$work/dlib-frames-up0.tsv"
  "$dlib" 1 "$runs" < "$work/peer-inputs/frames.txt" > "$work/dlib-frames-up1.tsv"
  "$dlib" 1 1 < "$work/peer-inputs/detection.txt" > "$work/dlib-detection-up1.tsv"
  dlib_args=(--dlib "$work/dlib-detection-up1.tsv")
else
  log "the dlib peer could not be built; it is left out"
  rm -f "$work"/dlib-*.tsv
fi

log "overhead ratios (thread CPU time)"
iters=$([ "$mode" = smoke ] && echo 30 || echo 300)
warm=$([ "$mode" = smoke ] && echo 2 || echo 25)
run org.fr.benchmarks.OverheadRatio --iterations "$iters" --warm-up-seconds "$warm" --detectors "$detectors" --embedders "$embedders" > "$work/overhead.jsonl"
cat "$work/overhead.jsonl" >&2

log "JMH"
benches='DetectionBenchmark|EmbeddingBenchmark|PipelineBenchmark|LandmarksBenchmark|AlignmentBenchmark|HaarPeerBenchmark'
jmh_opts=(-p "detector=$detectors" -p "embedder=$embedders" -rf json -rff "$work/jmh.json")
if [ "$mode" = smoke ]; then
  jmh_opts+=(-p frame=640x480 -p faces=1 -p batch=1 -wi 1 -w 1 -i 1 -r 1 -f 1)
else
  benches="$benches|GallerySearchBenchmark"
  # the gallery benchmark's own fork settings ask for a 12 GiB heap; 6 GiB holds the 1M x 512 float32 gallery
  jmh_opts+=(-p store=FLOAT32 -jvmArgs "-Xmx6g --add-modules jdk.incubator.vector")
fi
[ -f "$haar" ] || benches="${benches//|HaarPeerBenchmark/}"
run org.openjdk.jmh.Main "$benches" "${jmh_opts[@]}" > "$work/jmh.txt"
tail -n 40 "$work/jmh.txt" >&2

log "accuracy"
if [ "$mode" = smoke ]; then acc_opts=(--pairs-per-fold 15 --people 60); else acc_opts=(--people 1000); fi
run org.fr.benchmarks.accuracy.AccuracyHarness --out "$work/accuracy.json" "${acc_opts[@]}" "${dlib_args[@]}" \
  --detectors "$detectors" --embedders "$embedders"

if [ "$mode" = smoke ]; then out="$work"; else out="$root/docs"; fi
run org.fr.benchmarks.report.BenchmarkReport --jmh "$work/jmh.json" --accuracy "$work/accuracy.json" \
  --overhead "$work/overhead.jsonl" --dlib-frames0 "$work/dlib-frames-up0.tsv" --dlib-frames1 "$work/dlib-frames-up1.tsv" \
  --frames "$work/peer-inputs" --md "$out/benchmarks.md" --png "$out/speed-vs-accuracy.png" --mode "$mode" \
  --load "$load_start at the start, $(load) at the end (1, 5, 15 min)" --command "fr-benchmarks/run-report.sh${1:+ $1}" \
  --code "$code"
log "done: $out/benchmarks.md, $out/speed-vs-accuracy.png"
