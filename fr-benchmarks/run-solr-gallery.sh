#!/usr/bin/env bash
# The SolrCloud gallery beside the embedded FlatGallery in one run (issue 10, acceptance 3): 100,000 real-face-like
# embeddings (the arcface embeddings of all LFW photos repeated with Gaussian jitter, sigma 0.02, L2-normalised),
# enrolment rate, search p50/p95 and recall@10 against exact search, on a 3-node SolrCloud (2 shards x 2 replicas)
# started on loopback in the same JVM. Prints a markdown table and one JSON line; progress on stderr.
# Usage:
#   fr-benchmarks/run-solr-gallery.sh                       full run (~30 min on 2 cores; the LFW embeddings are cached
#                                                           in fr-benchmarks/target/solr-gallery/ after the first run)
#   fr-benchmarks/run-solr-gallery.sh --size 2000 --probes 100     smoke run
# Other options: --sigma S, --lfw-limit N (first N photos only), --cache FILE, --jobs N, --seed N,
#   --solr 'solr://ZK:PORT/CHROOT?collection=EMPTY' (an existing cluster instead of the in-process one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp="$("$root/fr-benchmarks/classpath.sh")"
exec java -Xmx6g -cp "$cp" org.fr.benchmarks.gallery.SolrGalleryHarness "$@"
