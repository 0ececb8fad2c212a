package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a process killed with SIGKILL at a random moment during a save leaves a file that loads and holds exactly
 * the previous or the new version, never a mix, and at most one temp file.
 *
 * <p>System properties: {@code fr.gallery.crashRounds} (kills per format, default 5), {@code fr.gallery.crashSeed}
 * (the random kill timing, printed so a failure can be replayed).
 */
class CrashSafetyTest {
    private static final String EOF = "\u0000EOF";

    @TempDir
    Path dir;

    /** The two versions the child alternates between; they differ in every field. */
    static TestGalleries.Version version(String tag, int faces, int dimension) {
        return tag.equals("A")
                ? new TestGalleries.Version("A", 1, "crash-model", dimension, faces, 0.3f, Gallery.Scoring.MAX)
                : new TestGalleries.Version("B", 2, "crash-model", dimension, faces, 0.45f, Gallery.Scoring.MEAN);
    }

    @Test
    @Timeout(900)
    void binaryGalleryOf100kFacesSurvivesKills() throws Exception {
        crashRounds(dir.resolve("gallery.frg"), 100_000, 512);
    }

    @Test
    @Timeout(900)
    void jsonGallerySurvivesKills() throws Exception {
        crashRounds(dir.resolve("face_db.json"), 10_000, 512);
    }

    private void crashRounds(Path file, int faces, int dimension) throws Exception {
        int rounds = Integer.getInteger("fr.gallery.crashRounds", 5);
        long seed = Long.getLong("fr.gallery.crashSeed", System.nanoTime());
        Random random = new Random(seed);
        String context = file.getFileName() + " (-Dfr.gallery.crashSeed=" + seed + ")";
        Map<String, Long> fingerprints = new HashMap<>();
        int midSave = 0;
        for (int round = 0; round < rounds; round++) {
            String first = round % 2 == 0 ? "A" : "B";
            Path err = dir.resolve("child-" + round + ".err");
            Kill kill;
            for (int attempt = 1; ; attempt++) {
                try {
                    kill = killDuringASave(file, faces, dimension, first, random, err, context);
                    break;
                } catch (ClassesMissing e) {
                    // Only where another build rewrites target/classes while this test runs (a shared checkout).
                    if (attempt == 10) throw new AssertionError(context + ": the child could not load its classes: " + e.getMessage());
                    System.out.println("crash round " + round + ": child could not load its classes (a concurrent build?), retrying");
                    Thread.sleep(5000);
                }
            }
            boolean killedMidSave = kill.midSave();
            long delay = kill.delayMs();
            if (killedMidSave) midSave++;

            // The file must load and be exactly A or B.
            GallerySnapshot loaded = GalleryFiles.load(file, "crash-model", dimension);
            String tag = loaded.identities().get(0).name().substring(0, 1);
            assertThat(tag).as(context).isIn("A", "B");
            TestGalleries.Version v = version(tag, faces, dimension);
            assertThat(loaded.embeddingCount()).as(context).isEqualTo(faces);
            assertThat(loaded.threshold()).as(context).isEqualTo(v.threshold());
            assertThat(loaded.scoring()).as(context).isEqualTo(v.scoring());
            int n = loaded.identities().size();
            for (int i : new int[] {0, 1, 2, 3, 4, 7, n / 2, n - 1}) {
                GalleryIdentity id = loaded.identities().get(i);
                assertThat(id.name()).as(context).isEqualTo(v.name(i));
                assertThat(id.metadata()).as(context).isEqualTo(v.metadata(i));
            }
            assertThat(loaded.identities().get(1).embeddings().get(0).values()).as(context)
                    .containsExactly(TestGalleries.vector(v.seed(), 2, dimension)); // identity 0 holds vectors 0 and 1
            long fingerprint = TestGalleries.fingerprint(loaded);
            loaded = null;
            assertThat(fingerprint).as(context + ": every name, metadata and vector bit of version " + tag)
                    .isEqualTo(fingerprints.computeIfAbsent(tag, t -> v.fingerprint()));

            // At most the killed save's temp file is left; it is recognisable and removable.
            List<String> others = TestGalleries.othersIn(dir, file.getFileName().toString(), err.getFileName().toString());
            assertThat(others).as(context).allMatch(name -> name.startsWith("." + file.getFileName() + ".tmp-")).hasSizeLessThanOrEqualTo(1);
            assertThat(GalleryFiles.deleteStaleTempFiles(file, Duration.ZERO)).isEqualTo(others.size());
            Files.delete(err);
            System.out.printf("crash round %d %s: saves take %d ms, killed %d ms after 'saving' (%s), loaded version %s, %d temp file(s)%n",
                    round, file.getFileName(), kill.lastSaveMs(), delay, killedMidSave ? "mid-save" : "after the save", tag, others.size());
        }
        assertThat(midSave).as(context + ": kills that landed during a save").isPositive();
        Files.deleteIfExists(file);
    }

    private record Kill(long delayMs, boolean midSave, long lastSaveMs) {}

    private static final class ClassesMissing extends Exception {
        ClassesMissing(String message) { super(message); }
    }

    /** Starts the child, lets it complete one or two saves, and kills it with SIGKILL at a random moment of the next. */
    private static Kill killDuringASave(Path file, int faces, int dimension, String first, Random random, Path err,
                                        String context) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CrashSaver.class.getName(), file.toString(), Integer.toString(faces), Integer.toString(dimension), first)
                .redirectError(err.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> pump(child, lines), "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();
        long delay;
        long lastSaveMs = 0;
        try {
            // Let it finish one or two saves (so the file exists, as A or B), then kill it during the next one.
            int completed = 1 + random.nextInt(2);
            for (int i = 0; i < completed; i++) {
                String saved = awaitPrefix(lines, "saved ", child, err, context);
                lastSaveMs = Long.parseLong(saved.substring(saved.lastIndexOf(' ') + 1));
            }
            awaitPrefix(lines, "saving ", child, err, context);
            // A random moment within the save, uniformly over the length of the last save (so that every phase is hit:
            // serialising, writing, fsync, rename, directory fsync).
            delay = (long) (random.nextDouble() * Math.max(1, lastSaveMs));
            Thread.sleep(delay);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child killed").isTrue();
        }
        reader.join(10_000);
        String last = null;
        for (String l; (l = lines.poll()) != null; ) if (!l.equals(EOF)) last = l;
        return new Kill(delay, last == null || last.startsWith("saving "), lastSaveMs);
    }

    private static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        } catch (IOException e) {
            // the child was killed
        } finally {
            lines.add(EOF);
        }
    }

    private static String awaitPrefix(BlockingQueue<String> lines, String prefix, Process child, Path err, String context)
            throws InterruptedException, IOException, ClassesMissing {
        while (true) {
            String l = lines.poll(300, TimeUnit.SECONDS);
            if (l == null || l.equals(EOF)) {
                String stderr = Files.readString(err);
                if (l != null && (stderr.contains("NoClassDefFoundError") || stderr.contains("ClassNotFoundException")
                        || stderr.contains("Could not find or load main class"))) {
                    throw new ClassesMissing(stderr.lines().findFirst().orElse(""));
                }
                String why = l == null ? "no output for 300 s" : "the child exited with " + child.waitFor();
                fail(context + ": waiting for '" + prefix + "': " + why + "; stderr: " + stderr);
            }
            if (l.startsWith(prefix)) return l;
        }
    }
}
