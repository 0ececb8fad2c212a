#!/usr/bin/env bash
# Load on the recognition service (an in-process server on a loopback port): concurrent Enroll streams, then
# concurrent Identify calls with real LFW photos, then a restart; prints p50/p95/p99 latency and throughput.
# Usage: fr-benchmarks/run-load-harness.sh [CLIENTS] [IDENTIFY_CALLS] [STREAMS] [FACES_PER_STREAM]   (16 2000 16 100)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FR_DATA:-$root/../shared/datasets}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
# One reactor build: the fr modules on the class path are this checkout's (the last module written, fr-benchmarks,
# leaves its class path in the file).
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile="$root/fr-benchmarks/target/classpath.txt" \
  -pl fr-benchmarks -am >&2
java -Xmx2g --add-modules jdk.incubator.vector -cp "fr-benchmarks/target/classes:$(cat fr-benchmarks/target/classpath.txt)" \
  org.fr.benchmarks.ServiceLoadHarness "$data" "$work" "$@" \
  2> >(grep -v --line-buffered '^WARNING: Using incubator modules' >&2)
