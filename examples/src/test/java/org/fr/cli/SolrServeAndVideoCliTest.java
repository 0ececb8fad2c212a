package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fr.TestData;
import org.fr.client.EnrollResult;
import org.fr.client.Enrollment;
import org.fr.client.FrClient;
import org.fr.client.GalleryListing;
import org.fr.client.IdentifiedFace;
import org.fr.gallery.solr.SolrTestCluster;
import org.fr.server.FrServer;
import org.fr.video.TestClip;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --db solr://...} in {@code fr serve} and {@code fr video}, against a real three-node SolrCloud (the
 * fr-gallery-solr test cluster, one per class): two servers made from {@code fr serve} options share one collection
 * (an enrolment through one is identified through the other), and {@code fr video} names the person {@code fr enroll}
 * put into a collection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrServeAndVideoCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    SolrTestCluster solr;

    @BeforeAll
    void startCluster() throws Exception {
        solr = new SolrTestCluster();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (solr != null) solr.close();
    }

    private static String photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name).toString();
    }

    /** The server that {@code fr serve ARGS} starts, on a free port, its JSON log lines collected in {@code log}. */
    private static FrServer serve(List<String> log, String... args) {
        ServeCommand cmd = new ServeCommand();
        List<String> all = new ArrayList<>(List.of("--port", "0", "--threads", "2"));
        all.addAll(List.of(args));
        new CommandLine(cmd).parseArgs(all.toArray(String[]::new));
        return cmd.server(line -> {
            synchronized (log) {
                log.add(line);
            }
        }).start();
    }

    @Test
    void twoServersShareOneCollection() throws Exception {
        String address = solr.address("served");
        List<String> logA = new ArrayList<>(), logB = new ArrayList<>();
        try (FrServer a = serve(logA, "--db", address); FrServer b = serve(logB, "--db", address);
             FrClient toA = FrClient.builder("localhost:" + a.port()).build();
             FrClient toB = FrClient.builder("localhost:" + b.port()).build()) {
            JsonNode listening = JSON.readTree(logA.get(0));
            assertThat(listening.get("event").asText()).isEqualTo("listening");
            assertThat(listening.get("db").asText()).isEqualTo(address);
            assertThat(listening.get("identities").asInt()).isZero();

            List<EnrollResult> acks = toA.enroll(List.of(
                    Enrollment.ofImage("lennon", Files.readAllBytes(Path.of(photo("lennon-1.jpg"))), "lennon-1.jpg"),
                    Enrollment.ofImage("clapton", Files.readAllBytes(Path.of(photo("clapton-1.jpg"))), "clapton-1.jpg")), r -> { });
            assertThat(acks).extracting(EnrollResult::enrolled).containsExactly(true, true);

            // Acknowledged through A means durable in the collection: B, another server, finds both at once.
            IdentifiedFace lennon = toB.identify(Files.readAllBytes(Path.of(photo("lennon-2.jpg"))), "lennon-2.jpg", 3, null).get(0);
            assertThat(lennon.identification().identity()).contains("lennon");
            IdentifiedFace clapton = toB.identify(Files.readAllBytes(Path.of(photo("clapton-2.jpg"))), "clapton-2.jpg", 3, null).get(0);
            assertThat(clapton.identification().identity()).contains("clapton");
            GalleryListing listing = toB.listIdentities();
            assertThat(listing.identities()).extracting(GalleryListing.Identity::name).containsExactly("clapton", "lennon");
            assertThat(listing.embeddingCount()).isEqualTo(2);

            assertThat(toB.remove("clapton")).isTrue();
            assertThat(toA.listIdentities().identities()).extracting(GalleryListing.Identity::name).containsExactly("lennon");
        }
        // A restarted server sees what the collection holds: nothing was kept in the servers themselves.
        List<String> logC = new ArrayList<>();
        try (FrServer c = serve(logC, "--db", address)) {
            assertThat(JSON.readTree(logC.get(0)).get("identities").asInt()).isEqualTo(1);
        }
        JsonNode stopped = JSON.readTree(logA.get(logA.size() - 1));
        assertThat(stopped.get("event").asText()).isEqualTo("stopped");
        assertThat(stopped.get("graceful").asBoolean()).isTrue();
        assertThat(stopped.has("embeddings_saved")).as("nothing to save: Solr held every acknowledged write").isFalse();
    }

    @Test
    void videoNamesAPersonEnrolledIntoACollection() throws Exception {
        String address = solr.address("video");
        CliTest.Run enrolled = CliTest.run("enroll", "--db", address, "--name", "Colin_Powell",
                VideoCliTest.lfw("Colin_Powell", 2), VideoCliTest.lfw("Colin_Powell", 3));
        assertThat(enrolled.code()).as(enrolled.err()).isZero();
        Path clip = dir.resolve("clip.mp4");
        int frames = 12;
        TestClip.write(clip, 640, 480, 25, frames, List.of(
                new TestClip.Actor("Colin_Powell", VideoCliTest.LFW + "Colin_Powell/Colin_Powell_0001.jpg", 0, frames, 20, 140, 200, 0.5f, 0f),
                new TestClip.Actor(null, VideoCliTest.LFW + "Jean_Chretien/Jean_Chretien_0001.jpg", 0, frames, 400, 140, 200, -0.5f, 0f)));

        CliTest.Run r = CliTest.run("video", "--db", address, clip.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(frames);
        for (JsonNode l : lines) {
            assertThat(l.get("faces")).as("faces on frame %s", l.get("frame")).hasSize(2);
            for (JsonNode f : l.get("faces")) {
                if (f.get("box").get(0).asDouble() < 320) {
                    assertThat(f.get("identity").asText()).isEqualTo("Colin_Powell");
                    assertThat(f.get("similarity").asDouble()).isGreaterThan(0.3);
                } else {
                    assertThat(f.get("identity").isNull()).as("the never-enrolled face on frame %s", l.get("frame")).isTrue();
                }
            }
        }
    }
}
