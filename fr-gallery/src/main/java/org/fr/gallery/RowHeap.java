package org.fr.gallery;

import java.util.function.IntFunction;

/**
 * A bounded selection of the best {@code capacity} (score, row) pairs, as a binary heap whose root is the worst
 * kept pair. The rank order is total: higher score first; on equal scores the row's identity name (when a name
 * function is given) in {@link String#compareTo} order; then the lower row index. Not thread-safe: one per scan
 * chunk.
 */
final class RowHeap {
    private final float[] scores;
    private final int[] rows;
    private final int capacity;
    private final IntFunction<String> names;
    private int size;

    /** @param names the identity name of a row, for ties; null to break ties by row index only */
    RowHeap(int capacity, IntFunction<String> names) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.capacity = capacity;
        this.scores = new float[capacity];
        this.rows = new int[capacity];
        this.names = names;
    }

    int size() { return size; }

    int capacity() { return capacity; }

    /** The score a new pair must reach to have a chance of being kept: -infinity until the heap is full. */
    float floor() {
        return size < capacity ? Float.NEGATIVE_INFINITY : scores[0];
    }

    /** Whether (sa, ra) ranks before (sb, rb). */
    boolean before(float sa, int ra, float sb, int rb) {
        if (sa > sb) return true;
        if (sa < sb) return false;
        if (names != null && ra != rb) {
            int c = names.apply(ra).compareTo(names.apply(rb));
            if (c != 0) return c < 0;
        }
        return ra < rb;
    }

    void offer(float score, int row) {
        if (size < capacity) {
            int i = size++;
            scores[i] = score;
            rows[i] = row;
            siftUp(i);
        } else if (before(score, row, scores[0], rows[0])) {
            scores[0] = score;
            rows[0] = row;
            siftDown(0, size);
        }
    }

    /** Offers every pair another heap holds. */
    void offerAll(RowHeap other) {
        for (int i = 0; i < other.size; i++) offer(other.scores[i], other.rows[i]);
    }

    /**
     * Sorts the kept pairs best first, in place; afterwards {@link #score(int)} and {@link #row(int)} read them in
     * rank order and the heap must not be offered more pairs.
     */
    RowHeap sortBestFirst() {
        for (int end = size - 1; end > 0; end--) {
            swap(0, end); // the worst of the remaining heap goes to the back
            siftDown(0, end);
        }
        return this;
    }

    float score(int i) { return scores[i]; }

    int row(int i) { return rows[i]; }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(scores[parent], rows[parent], scores[i], rows[i])) break;
            swap(parent, i); // the worse pair moves towards the root
            i = parent;
        }
    }

    private void siftDown(int i, int n) {
        while (true) {
            int worst = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < n && before(scores[worst], rows[worst], scores[l], rows[l])) worst = l;
            if (r < n && before(scores[worst], rows[worst], scores[r], rows[r])) worst = r;
            if (worst == i) return;
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
    }
}
