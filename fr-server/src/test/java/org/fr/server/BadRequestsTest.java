package org.fr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.fr.Embedding;
import org.fr.ImageLimits;
import org.fr.TestData;
import org.fr.client.FrClient;
import org.fr.server.v1.DetectRequest;
import org.fr.server.v1.Image;
import org.fr.server.v1.IdentifyRequest;
import org.fr.server.v1.Probe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3: bad requests get the proper status with a clear message, and the server keeps serving; also the bearer
 * token, deadlines and TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsTest {
    static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;

    FrServer server;
    FrClient client;
    byte[] photo;
    List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        server = FrServer.builder().port(0).db(dir.resolve("face_db.frg")).threads(2)
                .imageLimits(ImageLimits.DEFAULT.withMaxSize(2048, 2048, 4_000_000L))
                .maxMessageBytes(1 << 20).tokenFile(dir.resolve("token")).log(log::add).start();
        client = FrClient.builder("localhost:" + server.port()).tokenFile(dir.resolve("token")).build();
        photo = Files.readAllBytes(TestData.file("people/photos/lennon-1.jpg"));
    }

    @AfterAll
    void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private static StatusRuntimeException failure(ThrowingCallable call) {
        return catchThrowableOfType(StatusRuntimeException.class, call);
    }

    /** The server still answers a good request. */
    private void stillServing() {
        assertThat(client.detect(photo, "lennon-1.jpg")).hasSize(1);
    }

    private static void assertStatus(StatusRuntimeException e, Status.Code code, String... fragments) {
        assertThat(e).as("expected a %s failure", code).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getMessage()).isEqualTo(code);
        for (String f : fragments) assertThat(e.getStatus().getDescription()).contains(f);
    }

    @Test
    void emptyImage() {
        assertStatus(failure(() -> client.detect(new byte[0], "empty.jpg")), Status.Code.INVALID_ARGUMENT,
                "empty.jpg", "empty image (0 bytes)");
        stillServing();
    }

    @Test
    void imageNotSet() {
        assertStatus(failure(() -> client.stub().detect(DetectRequest.getDefaultInstance())), Status.Code.INVALID_ARGUMENT, "image not set");
        stillServing();
    }

    @Test
    void notAnImage() {
        assertStatus(failure(() -> client.detect("GIF? no, just text".getBytes(), "notes.txt")), Status.Code.INVALID_ARGUMENT, "notes.txt");
        byte[] cut = java.util.Arrays.copyOf(photo, photo.length / 2);
        assertStatus(failure(() -> client.embed(cut, "cut.jpg", false)), Status.Code.INVALID_ARGUMENT, "cut.jpg", "truncated or corrupt JPEG");
        stillServing();
    }

    @Test
    void imageOverTheLimits() throws Exception {
        // A small file whose image is 3000x1500: refused from its header, before any pixel is decoded.
        BufferedImage big = new BufferedImage(3000, 1500, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(big, "png", png);
        assertThat(png.size()).isLessThan(1 << 20);
        assertStatus(failure(() -> client.detect(png.toByteArray(), "big.png")), Status.Code.RESOURCE_EXHAUSTED,
                "big.png", "3000x1500", "exceeds the server's limits (2048x2048");
        stillServing();
    }

    @Test
    void messageOverTheLimit() {
        byte[] huge = new byte[2 << 20];
        new Random(1).nextBytes(huge);
        StatusRuntimeException e = failure(() -> client.detect(huge, "huge.jpg"));
        assertStatus(e, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("exceeds maximum size 1048576");
        stillServing();
    }

    @Test
    void embeddingOfTheWrongDimension() {
        float[] v = new float[128];
        v[0] = 1;
        Embedding small = Embedding.ofUnitVector(server.recognizer().embedder().modelId(), v);
        assertStatus(failure(() -> client.identify(small, 3, null)), Status.Code.INVALID_ARGUMENT,
                "embedding of dimension 128, expected 512");
        Embedding otherModel = Embedding.ofUnitVector("someone/else", unit(512));
        assertStatus(failure(() -> client.verify(otherModel, otherModel, null)), Status.Code.INVALID_ARGUMENT,
                "embedding of model someone/else, expected " + server.recognizer().embedder().modelId());
        assertStatus(failure(() -> client.stub().identify(IdentifyRequest.newBuilder().setProbe(Probe.newBuilder()
                        .setEmbedding(org.fr.server.v1.Embedding.newBuilder().setModelId(small.modelId()).setDimension(512)
                                .setValues(ByteString.copyFrom(new byte[100])))).build())),
                Status.Code.INVALID_ARGUMENT, "holds 100 bytes, expected 2048");
        stillServing();
    }

    static float[] unit(int d) {
        float[] v = new float[d];
        v[d - 1] = 1;
        return v;
    }

    @Test
    void missingOrWrongToken() {
        try (FrClient anonymous = FrClient.builder("localhost:" + server.port()).build();
             FrClient wrong = FrClient.builder("localhost:" + server.port()).token("guess").build()) {
            assertStatus(failure(() -> anonymous.detect(photo, "lennon-1.jpg")), Status.Code.UNAUTHENTICATED, "missing bearer token");
            assertStatus(failure(() -> wrong.listIdentities()), Status.Code.UNAUTHENTICATED, "wrong bearer token");
            // Health checks need no token (load balancers probe them).
            HealthCheckResponse h = HealthGrpc.newBlockingStub(anonymous.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        }
        assertThat(log).anySatisfy(l -> assertThat(l).contains("\"status\":\"UNAUTHENTICATED\"").contains("wrong bearer token"));
        stillServing();
    }

    @Test
    void passedDeadline() {
        StatusRuntimeException e = failure(() -> client.stub().withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                .detect(DetectRequest.newBuilder().setImage(Image.newBuilder().setData(ByteString.copyFrom(photo))).build()));
        assertStatus(e, Status.Code.DEADLINE_EXCEEDED);
        stillServing();
    }

    @Test
    void tlsWithToken() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir.resolve("tls"), "localhost");
        try (FrServer tls = FrServer.builder().port(0).db(dir.resolve("tls.json")).threads(1).token(TOKEN)
                .tls(cert.certificate(), cert.privateKey()).log(l -> { }).start();
             FrClient good = FrClient.builder("localhost:" + tls.port()).tls(cert.certificate()).token(TOKEN)
                     .deadline(Duration.ofSeconds(30)).build();
             FrClient plaintext = FrClient.builder("localhost:" + tls.port()).token(TOKEN).deadline(Duration.ofSeconds(10)).build()) {
            assertThat(good.detect(photo, "lennon-1.jpg")).hasSize(1);
            assertStatus(failure(() -> plaintext.detect(photo, "lennon-1.jpg")), Status.Code.UNAVAILABLE);
        }
    }
}
