package org.fr.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress line on stderr for long jobs: count, percentage, rate and time left, at most every two seconds and
 * once at the end. Thread-safe.
 */
final class Progress implements AutoCloseable {
    private final String job, unit;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final long start = System.nanoTime();
    private volatile long lastPrint = start;

    Progress(String job, String unit, int total) {
        this.job = job;
        this.unit = unit;
        this.total = total;
    }

    void step() {
        int d = done.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastPrint > 2_000_000_000L) {
            synchronized (this) {
                if (now - lastPrint > 2_000_000_000L) {
                    lastPrint = now;
                    print(d, now);
                }
            }
        }
    }

    private void print(int d, long now) {
        double secs = (now - start) / 1e9;
        double rate = d / Math.max(secs, 1e-9);
        long left = rate > 0 ? Math.round((total - d) / rate) : -1;
        System.err.printf("fr %s: %d/%d %s (%.1f%%), %.1f/s, %ds left%n", job, d, total, unit, 100.0 * d / total, rate, left);
    }

    @Override
    public void close() {
        print(done.get(), System.nanoTime());
    }
}
