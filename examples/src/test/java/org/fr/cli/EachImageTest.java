package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.fr.InvalidImageException;
import org.junit.jupiter.api.Test;

/** The parallel per-image loop keeps the input order and runs the work on several threads. */
class EachImageTest {
    @Test
    void emitsInInputOrderWhateverOrderTheWorkFinishes() throws Exception {
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) images.add(Path.of("img" + i + ".jpg"));
        List<String> emitted = Collections.synchronizedList(new ArrayList<>());
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        List<Thread> emitThreads = Collections.synchronizedList(new ArrayList<>());
        int code = EachImage.runInOrder("test", images, 4, p -> {
            int i = Integer.parseInt(p.toString().replaceAll("\\D", ""));
            threads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(i % 4 == 0 ? 40 : 2); // every fourth image is slow, so later ones finish first
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            finished.add(p.toString());
            return () -> {
                emitted.add(p.toString());
                emitThreads.add(Thread.currentThread());
            };
        });
        assertThat(code).isZero();
        assertThat(emitted).containsExactlyElementsOf(images.stream().map(Path::toString).toList());
        assertThat(finished).isNotEqualTo(emitted); // the work really ran out of order
        assertThat(threads).hasSizeGreaterThan(1);
        assertThat(emitThreads).containsOnly(caller);
    }

    @Test
    void failuresPrintOneLineInOrderAndSetTheWorstCode() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> emitted = Collections.synchronizedList(new ArrayList<>());
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = EachImage.runInOrder("test", List.of(Path.of("a"), Path.of("bad"), Path.of("c"), Path.of("worse")), 3, p -> {
                if (p.toString().equals("bad")) throw new InvalidImageException("bad", "not an image");
                if (p.toString().equals("worse")) throw new IllegalStateException("worse: broke");
                return () -> emitted.add(p.toString());
            });
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2); // the larger code wins, as in the sequential loop
        assertThat(emitted).containsExactly("a", "c");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("fr test: bad: not an image", "fr test: java.lang.IllegalStateException: worse: broke");
    }
}
