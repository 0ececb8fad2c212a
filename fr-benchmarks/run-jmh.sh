#!/usr/bin/env bash
# Runs JMH benchmarks of fr-benchmarks. Usage:
#   fr-benchmarks/run-jmh.sh GallerySearchBenchmark [JMH options...]   any JMH class or regex, e.g. -p rows=10000
#   fr-benchmarks/run-jmh.sh --ratio [ROWS,ROWS]                         search time / plain-pass time, same run
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests install -pl fr-benchmarks -am >&2
mvn -B -q -pl fr-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="fr-benchmarks/target/classes:$(cat fr-benchmarks/target/classpath.txt)"
if [ "${1:-}" = "--ratio" ]; then
  shift
  exec java -cp "$cp" org.fr.benchmarks.jmh.SearchBandwidthRatio "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
