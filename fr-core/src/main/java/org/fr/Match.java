package org.fr;

/** One candidate identity for a probe, with its cosine similarity. Immutable and thread-safe. */
public record Match(String identity, float similarity) {}
