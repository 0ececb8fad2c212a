#!/usr/bin/env bash
# Runs JMH benchmarks of fr-benchmarks. Usage:
#   fr-benchmarks/run-jmh.sh GallerySearchBenchmark [JMH options...]   any JMH class or regex, e.g. -p rows=10000
#   fr-benchmarks/run-jmh.sh --ratio [ROWS,ROWS]                         search time / plain-pass time, same run
# The class path takes every org.fr module from this checkout (classpath.sh), never from ~/.m2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp="$("$root/fr-benchmarks/classpath.sh")"
if [ "${1:-}" = "--ratio" ]; then
  shift
  exec java -cp "$cp" org.fr.benchmarks.jmh.SearchBandwidthRatio "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
