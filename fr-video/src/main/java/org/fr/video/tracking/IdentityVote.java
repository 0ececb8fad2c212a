package org.fr.video.tracking;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A track's identity as the vote of its recognitions, so that one bad frame does not flip a name. Each recognition
 * votes for a name or for "unknown" ({@code null}); the label with the most votes among the last {@code window}
 * recognitions wins, a tie going to the label voted for most recently. The reported similarity is the mean of the
 * winning votes' similarities. Not thread-safe (a track belongs to one stream).
 */
public final class IdentityVote {
    private record Ballot(String identity, Float similarity) {}

    private final int window;
    private final Deque<Ballot> ballots = new ArrayDeque<>();

    public IdentityVote(int window) {
        if (window < 1) throw new IllegalArgumentException("vote window must be at least 1: " + window);
        this.window = window;
    }

    /**
     * Adds one recognition.
     *
     * @param identity   the name, or null when the face was judged unknown
     * @param similarity the similarity of the best candidate, or null when there was none (empty gallery)
     */
    public void add(String identity, Float similarity) {
        ballots.addLast(new Ballot(identity, similarity));
        while (ballots.size() > window) ballots.removeFirst();
    }

    /** Number of recognitions counted (at most the window). */
    public int count() { return ballots.size(); }

    /** The winning name, or null when "unknown" wins or nothing was counted yet. */
    public String identity() {
        Ballot w = winner();
        return w == null ? null : w.identity;
    }

    /** The mean similarity of the winning label's votes; null when none of them had a candidate. */
    public Float similarity() {
        Ballot w = winner();
        if (w == null) return null;
        double sum = 0;
        int n = 0;
        for (Ballot b : ballots) {
            if (Objects.equals(b.identity, w.identity) && b.similarity != null) {
                sum += b.similarity;
                n++;
            }
        }
        return n == 0 ? null : (float) (sum / n);
    }

    private Ballot winner() {
        if (ballots.isEmpty()) return null;
        Map<String, Integer> votes = new HashMap<>();
        for (Ballot b : ballots) votes.merge(b.identity, 1, Integer::sum);
        Ballot best = null;
        int bestVotes = -1;
        // Walk from the newest, so that on a tie the most recently voted label is kept.
        for (var it = ballots.descendingIterator(); it.hasNext(); ) {
            Ballot b = it.next();
            int v = votes.get(b.identity);
            if (v > bestVotes) {
                best = b;
                bestVotes = v;
            }
        }
        return best;
    }
}
