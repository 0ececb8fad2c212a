#!/usr/bin/env bash
# Prints the run-time class path of fr-benchmarks with every org.fr module taken from this checkout's target/classes
# (never from ~/.m2, which other checkouts may overwrite). Builds first: mvn install -pl fr-benchmarks -am.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests install -pl fr-benchmarks -am >&2
mvn -B -q -pl fr-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
cp="$root/fr-benchmarks/target/classes"
IFS=":" read -ra jars < fr-benchmarks/target/classpath.txt || true
for j in "${jars[@]}"; do
  if [[ "$j" =~ /org/fr/([a-z-]+)/[^/]+/[a-z-]+-[^/]*-tests\.jar$ ]]; then
    cp="$cp:$root/${BASH_REMATCH[1]}/target/test-classes"
  elif [[ "$j" =~ /org/fr/([a-z-]+)/[^/]+/[^/]+\.jar$ ]]; then
    cp="$cp:$root/${BASH_REMATCH[1]}/target/classes"
  else
    cp="$cp:$j"
  fi
done
echo "$cp"
