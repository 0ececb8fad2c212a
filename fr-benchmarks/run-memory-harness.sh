#!/usr/bin/env bash
# Resident memory over N detect+align+embed iterations of one photo (default 10,000).
# Usage: fr-benchmarks/run-memory-harness.sh [IMAGE] [ITERATIONS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FR_DATA:-$root/../shared/datasets}"
image="${1:-$data/people/photos/lennon-1.jpg}"
n="${2:-10000}"
cd "$root"
mvn -B -q -DskipTests install -pl fr-benchmarks -am >&2
mvn -B -q -pl fr-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
exec java -Xmx1g -cp "fr-benchmarks/target/classes:$(cat fr-benchmarks/target/classpath.txt)" \
  org.fr.benchmarks.EmbeddingMemoryHarness "$image" "$n"
