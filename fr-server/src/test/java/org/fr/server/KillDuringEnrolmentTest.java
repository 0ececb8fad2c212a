package org.fr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fr.Embedding;
import org.fr.GalleryIdentity;
import org.fr.client.EnrollResult;
import org.fr.client.Enrollment;
import org.fr.client.FrClient;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.io.GalleryFiles;
import org.fr.gallery.io.JournaledGallery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: a server process killed with SIGKILL during enrolment restarts with a gallery that loads and holds
 * every enrolment acknowledged before the kill, with its exact vector. The child folds its journal into the gallery
 * file every 150 ms, so kills also land during checkpoints. {@code -Dfr.server.killSeed} replays a run.
 */
class KillDuringEnrolmentTest {
    private static final Pattern PORT = Pattern.compile("\"event\":\"listening\",\"port\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void everyAcknowledgedEnrolmentSurvivesKill9() throws Exception {
        long seed = Long.getLong("fr.server.killSeed", System.nanoTime());
        Random random = new Random(seed);
        Path db = dir.resolve("face_db.json");
        Map<String, Embedding> acknowledged = new HashMap<>();
        int rounds = Integer.getInteger("fr.server.killRounds", 3);
        for (int round = 0; round < rounds; round++) {
            String context = "round " + round + " (-Dfr.server.killSeed=" + seed + ")";
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    ServerChild.class.getName(), db.toString(), "150")
                    .redirectError(dir.resolve("child-" + round + ".err").toFile()).start();
            int acksBeforeKill = 20 + random.nextInt(300);
            List<EnrollResult> acks = new ArrayList<>();
            Map<String, Embedding> sent = new HashMap<>();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                int port = awaitPort(out, dir.resolve("child-" + round + ".err"), context);
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // the request log; not needed
                        }
                    } catch (java.io.IOException killed) {
                        // the child is gone
                    }
                }, "child-stdout");
                drain.setDaemon(true);
                drain.start();
                try (FrClient client = FrClient.builder("localhost:" + port).build()) {
                    String model = client.listIdentities().modelId();
                    assertThat(client.listIdentities().embeddingCount()).as(context).isEqualTo(acknowledged.size());
                    List<Enrollment> batch = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        Embedding e = Embedding.normalised(model, randomVector(random, 512));
                        String name = "r" + round + "-" + i;
                        sent.put(name, e);
                        batch.add(Enrollment.ofEmbedding(name, e));
                    }
                    CountDownLatch enough = new CountDownLatch(acksBeforeKill);
                    Thread enrolling = new Thread(() -> {
                        try {
                            client.enroll(batch, ack -> {
                                synchronized (acks) {
                                    acks.add(ack);
                                }
                                enough.countDown();
                            });
                        } catch (RuntimeException expected) {
                            // the server was killed
                        }
                    }, "enrolling");
                    enrolling.start();
                    assertThat(enough.await(120, TimeUnit.SECONDS)).as(context + ": acknowledgements before the kill").isTrue();
                    child.destroyForcibly(); // SIGKILL
                    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    enrolling.join(60_000);
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
            }
            synchronized (acks) {
                for (EnrollResult a : acks) {
                    assertThat(a.enrolled()).isTrue();
                    acknowledged.put(a.identity(), sent.get(a.identity()));
                }
            }
            // Restart: the gallery (file + journal) loads and holds every acknowledged enrolment, exactly.
            try (JournaledGallery g = JournaledGallery.open(db, () -> { throw new AssertionError(context + ": gallery file missing"); })) {
                for (var e : acknowledged.entrySet()) {
                    GalleryIdentity id = g.get(e.getKey()).orElseThrow(() -> new AssertionError(context + ": lost " + e.getKey()));
                    assertThat(id.embeddings()).as(context).containsExactly(e.getValue());
                }
                assertThat(g.embeddingCount()).as(context).isBetween(acknowledged.size(), acknowledged.size() + 2000);
                System.out.printf("kill round %d: %d acknowledged before the kill, %d held after restart (%d sent in all)%n",
                        round, acks.size(), g.embeddingCount() - (acknowledged.size() - acks.size()), sent.size());
                // Drop the ones sent but not acknowledged, so the next round's counts are exact.
                for (String name : g.identities()) if (!acknowledged.containsKey(name)) g.remove(name);
            }
        }
        GallerySnapshot last = GalleryFiles.load(db);
        assertThat(last.embeddingCount()).isEqualTo(acknowledged.size());
        assertThat(Files.size(org.fr.gallery.io.GalleryJournal.beside(db))).isLessThan(64);
    }

    private static float[] randomVector(Random r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static int awaitPort(BufferedReader out, Path err, String context) throws Exception {
        for (String l; (l = out.readLine()) != null; ) {
            Matcher m = PORT.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        throw new AssertionError(context + ": the child server exited before listening; stderr: " + Files.readString(err));
    }
}
