#!/usr/bin/env bash
# Our hog detector against dlib's frontal HOG detector, same 640x480 photo, same run, single thread (issue 4).
# Usage: fr-benchmarks/run-hog-vs-dlib.sh [IMAGE] [RUNS] [EXACT_EVERY]   (the last: our exact-every option)
# The dlib peer: $DLIB_HOG if set, else built by fr-benchmarks/peers/dlib-hog/build.sh (installs libdlib-dev).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FR_DATA:-$root/../shared/datasets}"
image="${1:-$data/detection/dlib-faces/2008_002506.jpg}"
runs="${2:-50}"
exact_every="${3:-}"
peer="${DLIB_HOG:-}"
if [ -z "$peer" ]; then
  if [ ! -x "$root/fr-benchmarks/peers/dlib-hog/build.sh" ]; then
    echo "run-hog-vs-dlib: set DLIB_HOG to the dlib peer binary (fr-benchmarks/peers/dlib-hog is not here)" >&2
    exit 2
  fi
  peer="$("$root/fr-benchmarks/peers/dlib-hog/build.sh")"
fi
cd "$root"
mvn -B -q -DskipTests install -pl fr-benchmarks -am >&2
mvn -B -q -pl fr-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
# this checkout's modules, not the copies in the local repository (other checkouts install there too)
cp="$(tr ':' '\n' < fr-benchmarks/target/classpath.txt | sed -E "s#^.*/org/fr/(fr-[a-z]+)/[^/]+/\1-[^/]*SNAPSHOT\.jar\$#$root/\1/target/classes#" | paste -sd:)"
exec java -Xmx1g --add-modules jdk.incubator.vector -cp "fr-benchmarks/target/classes:$cp" \
  org.fr.benchmarks.HogVsDlib "$peer" "$image" "$runs" $exact_every 2> >(grep -v '^WARNING: Using incubator modules' >&2)
