package org.fr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import org.fr.AlignedFace;
import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceAligner;
import org.fr.FaceRecognizer;
import org.fr.Identification;
import org.fr.Landmarks;
import org.fr.Point;
import org.fr.RecognizedFace;
import org.fr.RgbImage;
import org.fr.TestData;
import org.fr.Verification;
import org.fr.client.EnrollResult;
import org.fr.client.Enrollment;
import org.fr.client.FrClient;
import org.fr.client.GalleryListing;
import org.fr.client.IdentifiedFace;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.io.GalleryFiles;
import org.fr.gallery.io.JournaledGallery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: a real server on a loopback port, every RPC exercised through {@link FrClient}, results compared
 * with the local API on the same photos (embeddings to 1e-5), including EmbedAligned fed with crops aligned here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    private static final double EMBEDDING_TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    FaceRecognizer local;
    FrServer server;
    FrClient client;
    List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() {
        local = FaceRecognizer.builder().threads(1).build();
        server = FrServer.builder().port(0).db(dir.resolve("face_db.json")).threads(2).log(log::add).start();
        client = FrClient.builder("localhost:" + server.port()).build();
    }

    @AfterAll
    void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
        if (local != null) local.close();
    }

    static Path photo(String name) { return TestData.file("people/photos/" + name); }

    static byte[] bytes(Path p) throws Exception { return Files.readAllBytes(p); }

    static void assertSameEmbedding(Embedding actual, Embedding expected) {
        assertThat(actual.modelId()).isEqualTo(expected.modelId());
        assertThat(actual.dimension()).isEqualTo(expected.dimension());
        float[] a = actual.values(), e = expected.values();
        for (int i = 0; i < a.length; i++) {
            assertThat((double) a[i]).as("value %d", i).isCloseTo(e[i], within(EMBEDDING_TOLERANCE));
        }
    }

    @Test
    void detectGivesTheLocalDetections() throws Exception {
        Path p = photo("longoria-cooper.jpg");
        List<DetectedFace> remote = client.detect(bytes(p), p.toString());
        List<DetectedFace> expected = local.detect(local.read(p));
        assertThat(remote).hasSize(expected.size()).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < expected.size(); i++) {
            BoundingBox r = remote.get(i).box(), e = expected.get(i).box();
            assertThat(r.x1()).isCloseTo(e.x1(), within(1e-3f));
            assertThat(r.y2()).isCloseTo(e.y2(), within(1e-3f));
            assertThat(remote.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-5f));
            assertThat(remote.get(i).landmarks().points()).hasSize(5);
        }
    }

    @Test
    void embedGivesTheLocalEmbeddings() throws Exception {
        Path p = photo("longoria-cooper.jpg");
        List<RecognizedFace> remote = client.embed(bytes(p), p.toString(), false);
        List<RecognizedFace> expected = local.recognizeAll(local.read(p));
        assertThat(remote).hasSize(expected.size()).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < expected.size(); i++) assertSameEmbedding(remote.get(i).embedding(), expected.get(i).embedding());
        List<RecognizedFace> largest = client.embed(bytes(p), p.toString(), true);
        assertThat(largest).hasSize(1);
        assertSameEmbedding(largest.get(0).embedding(), local.recognizeLargest(local.read(p)).orElseThrow().embedding());
    }

    @Test
    void embedAlignedOnCropsAlignedByTheClientGivesTheLocalEmbeddings() {
        List<AlignedFace> crops = new ArrayList<>();
        List<Embedding> expected = new ArrayList<>();
        for (String name : List.of("lennon-1.jpg", "clapton-1.jpg", "adams.jpg")) {
            RgbImage img = local.read(photo(name));
            DetectedFace face = FaceRecognizer.largest(local.detect(img)).orElseThrow();
            AlignedFace aligned = FaceAligner.align(img, face.landmarks());
            crops.add(aligned);
            expected.add(local.embedAligned(aligned));
        }
        List<Embedding> remote = client.embedAligned(crops);
        assertThat(remote).hasSize(3);
        for (int i = 0; i < 3; i++) assertSameEmbedding(remote.get(i), expected.get(i));
    }

    @Test
    void embedAlignedOnACropWithItsLandmarksGivesTheLocalEmbedding() {
        RgbImage img = local.read(photo("lennon-2.jpg"));
        DetectedFace face = FaceRecognizer.largest(local.detect(img)).orElseThrow();
        // The edge device's crop: the face box grown by a margin, landmarks moved into the crop's pixels.
        BoundingBox b = face.box();
        int x0 = Math.max(0, (int) (b.x1() - 0.2f * b.width())), y0 = Math.max(0, (int) (b.y1() - 0.2f * b.height()));
        int x1 = Math.min(img.width(), (int) (b.x2() + 0.2f * b.width())), y1 = Math.min(img.height(), (int) (b.y2() + 0.2f * b.height()));
        RgbImage crop = crop(img, x0, y0, x1 - x0, y1 - y0);
        List<Point> moved = new ArrayList<>();
        for (Point p : face.landmarks().points()) moved.add(new Point(p.x() - x0, p.y() - y0));
        Landmarks inCrop = new Landmarks(moved);
        Embedding expected = local.embedAligned(FaceAligner.align(crop, inCrop));
        assertSameEmbedding(client.embedCrop(crop, inCrop), expected);
        // ... and it is the same person as the full image's face.
        assertThat(expected.cosine(local.recognizeLargest(img).orElseThrow().embedding())).isGreaterThan(0.9f);
    }

    static RgbImage crop(RgbImage img, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) System.arraycopy(img.pixels(), ((y0 + y) * img.width() + x0) * 3, out, y * w * 3, w * 3);
        return new RgbImage(w, h, out);
    }

    @Test
    void verifyMatchesTheLocalVerification() throws Exception {
        Path a = photo("lennon-1.jpg"), b = photo("lennon-2.jpg"), c = photo("clapton-1.jpg");
        Verification same = client.verify(bytes(a), a.toString(), bytes(b), b.toString(), null);
        Verification local1 = local.verify(a, b);
        assertThat(same.same()).isTrue();
        assertThat(same.similarity()).isCloseTo(local1.similarity(), within(1e-5f));
        assertThat(same.threshold()).isEqualTo(local1.threshold());
        Verification other = client.verify(bytes(a), a.toString(), bytes(c), c.toString(), null);
        assertThat(other.same()).isFalse();
        assertThat(other.similarity()).isCloseTo(local.verify(a, c).similarity(), within(1e-5f));
        Embedding ea = local.recognizeLargest(local.read(a)).orElseThrow().embedding();
        Embedding eb = local.recognizeLargest(local.read(b)).orElseThrow().embedding();
        assertThat(client.verify(ea, eb, 0.99f)).isEqualTo(new Verification(ea.cosine(eb), 0.99f, false));
    }

    @Test
    void galleryCallsEnrolIdentifyStreamListAndRemove() throws Exception {
        Path lennon1 = photo("lennon-1.jpg"), clapton1 = photo("clapton-1.jpg"), adams = photo("adams.jpg");
        Path multi = photo("longoria-cooper.jpg"), cat = TestData.file("negatives/brick.png");
        Embedding carell = local.recognizeLargest(local.read(photo("carell.jpg"))).orElseThrow().embedding();
        RgbImage kateImg = local.read(photo("kate_siegel.jpg"));
        AlignedFace kate = local.align(kateImg, FaceRecognizer.largest(local.detect(kateImg)).orElseThrow());

        List<EnrollResult> acks = new ArrayList<>();
        List<EnrollResult> results = client.enroll(List.of(
                Enrollment.ofImage("lennon", bytes(lennon1), "lennon-1.jpg").withMetadata(Map.of("band", "beatles")),
                Enrollment.ofImage("clapton", bytes(clapton1), "clapton-1.jpg"),
                Enrollment.ofImage("adams", bytes(adams), "adams.jpg"),
                Enrollment.ofEmbedding("carell", carell),
                Enrollment.ofCrop("kate", kate),
                Enrollment.ofImage("pair", bytes(multi), "longoria-cooper.jpg"),
                Enrollment.ofImage("pair", bytes(multi), "longoria-cooper.jpg").withLargestFace(true),
                Enrollment.ofImage("brick", bytes(cat), "brick.png"),
                Enrollment.ofImage("junk", "not an image".getBytes(), "junk.jpg")), acks::add);
        assertThat(acks).isEqualTo(results);
        assertThat(results).extracting(EnrollResult::enrolled).containsExactly(true, true, true, true, true, false, true, false, false);
        assertThat(results.get(0).face()).isNotNull();
        assertThat(results.get(5).problem()).matches("\\d+ faces");
        assertThat(results.get(6).problem()).matches("\\d+ faces; took the largest");
        assertThat(results.get(7).problem()).isEqualTo("no face");
        assertThat(results.get(8).problem()).startsWith("unreadable: ").doesNotContain("junk.jpg");

        GalleryListing listing = client.listIdentities();
        assertThat(listing.identities()).extracting(GalleryListing.Identity::name)
                .containsExactly("adams", "carell", "clapton", "kate", "lennon", "pair");
        assertThat(listing.embeddingCount()).isEqualTo(6);
        assertThat(listing.modelId()).isEqualTo(local.embedder().modelId());
        assertThat(listing.identities().get(4).metadata()).containsEntry("band", "beatles");

        // Identify: the same candidates and similarities as a local gallery built from the same embeddings.
        GallerySnapshot snap = ((JournaledGallery) server.gallery()).snapshot();
        try (FlatGallery reference = FlatGallery.of(snap)) {
            Path lennon2 = photo("lennon-2.jpg");
            List<IdentifiedFace> faces = client.identify(bytes(lennon2), lennon2.toString(), 3, null);
            assertThat(faces).hasSize(1);
            Identification expected = reference.identify(local.recognizeLargest(local.read(lennon2)).orElseThrow().embedding(), 3);
            Identification got = faces.get(0).identification();
            assertThat(got.identity()).contains("lennon").isEqualTo(expected.identity());
            assertThat(got.candidates()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(got.candidates().get(i).identity()).isEqualTo(expected.candidates().get(i).identity());
                assertThat(got.candidates().get(i).similarity()).isCloseTo(expected.candidates().get(i).similarity(), within(1e-5f));
            }
            assertThat(client.identify(carell, 1, null).identification().identity()).contains("carell");
            Embedding stranger = local.recognizeLargest(local.read(photo("paul_rudd.jpg"))).orElseThrow().embedding();
            IdentifiedFace unknown = client.identify(stranger, 2, 0.9f);
            assertThat(unknown.identification().unknown()).isTrue();
            assertThat(unknown.identification().candidates()).hasSize(2);
            assertThat(unknown.face()).isNull();
        }

        // IdentifyStream: one result per frame, in order, with the frame numbers.
        List<FrClient.FrameResult> frames = Collections.synchronizedList(new ArrayList<>());
        try (FrClient.FrameStream stream = client.identifyStream(2, null, frames::add)) {
            stream.send(bytes(photo("clapton-2.jpg")), 7);
            stream.send(bytes(cat), 8);
            stream.send(bytes(lennon1), 9);
        }
        assertThat(frames).extracting(FrClient.FrameResult::frame).containsExactly(7L, 8L, 9L);
        assertThat(frames.get(0).faces().get(0).identification().identity()).contains("clapton");
        assertThat(frames.get(1).faces()).isEmpty();
        assertThat(frames.get(2).faces().get(0).identification().identity()).contains("lennon");

        // Remove: durable in the gallery file once the server saves it.
        assertThat(client.remove("adams")).isTrue();
        assertThat(client.remove("adams")).isFalse();
        assertThat(client.listIdentities().identities()).extracting(GalleryListing.Identity::name).doesNotContain("adams");
        ((JournaledGallery) server.gallery()).checkpoint();
        GallerySnapshot saved = GalleryFiles.load(dir.resolve("face_db.json"));
        assertThat(saved.identities()).extracting(i -> i.name()).containsExactly("carell", "clapton", "kate", "lennon", "pair");
    }

    @Test
    void healthReflectionAndRequestLog() throws Exception {
        HealthCheckResponse h = HealthGrpc.newBlockingStub(client.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("fr.v1.FaceRecognition").build());
        assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        List<String> services = new ArrayList<>();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(client.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
                    @Override public void onNext(ServerReflectionResponse r) {
                        r.getListServicesResponse().getServiceList().forEach(s -> services.add(s.getName()));
                    }
                    @Override public void onError(Throwable t) { done.completeExceptionally(t); }
                    @Override public void onCompleted() { done.complete(null); }
                });
        req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        req.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        assertThat(services).contains("fr.v1.FaceRecognition", "grpc.health.v1.Health");

        Path p = photo("astronaut.png");
        client.detect(bytes(p), "astronaut.png");
        assertThat(log).anySatisfy(line -> assertThat(line)
                .contains("\"method\":\"fr.v1.FaceRecognition/Detect\"").contains("\"status\":\"OK\"").containsPattern("\"ms\":[0-9.]+"));
        assertThat(log.get(0)).contains("\"event\":\"listening\"");
    }
}
