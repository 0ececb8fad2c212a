package org.fr.video;

/**
 * Latency of one {@link Stage} over the samples taken: count and p50/p95/max in milliseconds (nearest-rank
 * percentiles; all zero when there is no sample). Immutable and thread-safe.
 */
public record StageSummary(Stage stage, int count, double p50Ms, double p95Ms, double maxMs, double totalMs) {}
