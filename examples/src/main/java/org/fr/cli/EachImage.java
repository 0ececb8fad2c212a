package org.fr.cli;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a command's work on each image; a failing image prints one line on stderr and the others carry on.
 * The exit code is the worst seen (2 bad input, 1 other failure, 0 when all succeeded). Stateless.
 */
final class EachImage {
    /** The work for one image. */
    interface Work {
        void run(Path image);
    }

    /** The work for one image, done on a pool thread, returning what to emit (print, write) in input order. */
    interface ParallelWork {
        Runnable run(Path image);
    }

    private EachImage() {}

    static int run(String command, List<Path> images, Work work) {
        int code = ExitCodes.OK;
        for (Path p : images) {
            try {
                work.run(p);
            } catch (RuntimeException e) {
                code = Math.max(code, fail(command, e));
            }
        }
        return code;
    }

    /**
     * Runs {@code work} on up to {@code threads} images at once; each image's emit step (and its error line, if it
     * failed) runs on the calling thread in input order. At most {@code 2 * threads} images are in flight, so
     * results wait for a slow earlier image without piling up. One thread runs everything on the calling thread.
     */
    static int runInOrder(String command, List<Path> images, int threads, ParallelWork work) throws InterruptedException {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (threads == 1) return run(command, images, p -> work.run(p).run());
        int code = ExitCodes.OK;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, images.size())));
        try {
            Deque<Future<Runnable>> window = new ArrayDeque<>();
            int next = 0;
            while (next < images.size() || !window.isEmpty()) {
                while (next < images.size() && window.size() < 2 * threads) {
                    Path p = images.get(next++);
                    window.add(pool.submit(() -> work.run(p)));
                }
                try {
                    window.poll().get().run();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RuntimeException re)) throw new IllegalStateException(e.getCause());
                    code = Math.max(code, fail(command, re));
                } catch (RuntimeException e) {
                    code = Math.max(code, fail(command, e));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return code;
    }

    private static int fail(String command, RuntimeException e) {
        System.err.println("fr " + command + ": " + Main.oneLine(e));
        return Main.exitCode(e);
    }
}
