package org.fr;

import java.util.List;
import java.util.Optional;

/**
 * The answer to "who is this?": ranked candidates, best first, and the open-set decision: the best candidate when
 * its similarity reaches the threshold, else unknown. Immutable and thread-safe.
 */
public record Identification(List<Match> candidates, float threshold, Match best) {
    public Identification {
        candidates = List.copyOf(candidates);
    }

    public static Identification of(List<Match> candidates, float threshold) {
        Match top = candidates.isEmpty() ? null : candidates.get(0);
        return new Identification(candidates, threshold, top != null && top.similarity() >= threshold ? top : null);
    }

    /** The identity, or empty when the face is unknown. */
    public Optional<String> identity() {
        return Optional.ofNullable(best).map(Match::identity);
    }

    public boolean unknown() { return best == null; }
}
