package org.fr.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.fr.Embedding;
import org.fr.client.FrClient;
import org.fr.gallery.io.GalleryFiles;
import org.fr.gallery.io.GalleryJournal;
import org.fr.server.v1.EnrollRequest;
import org.fr.server.v1.EnrollResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server refuses new calls, lets a call in progress finish, then saves the gallery. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void closeFinishesTheCallInProgressAndSavesTheGallery() throws Exception {
        Path db = dir.resolve("face_db.frg");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        FrServer server = FrServer.builder().port(0).db(db).threads(2).checkpointInterval(Duration.ofHours(1))
                .grace(Duration.ofSeconds(60)).log(log::add).start();
        String model = server.recognizer().embedder().modelId();
        Random random = new Random(5);
        Thread closer = new Thread(server::close, "closer");
        try (FrClient client = FrClient.builder("localhost:" + server.port()).deadline(Duration.ofSeconds(5)).build()) {
            BlockingQueue<EnrollResponse> acks = new LinkedBlockingQueue<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<EnrollRequest> requests = client.asyncStub().enroll(new StreamObserver<>() {
                @Override public void onNext(EnrollResponse r) { acks.add(r); }
                @Override public void onError(Throwable t) { done.completeExceptionally(t); }
                @Override public void onCompleted() { done.complete(null); }
            });
            requests.onNext(request("a", model, random));
            requests.onNext(request("b", model, random));
            assertThat(acks.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(acks.poll(30, TimeUnit.SECONDS)).isNotNull();

            closer.start();
            // New calls are refused once the shutdown began ...
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Status.Code refused = null;
            while (refused == null && System.nanoTime() < until) {
                try {
                    client.listIdentities();
                    Thread.sleep(50);
                } catch (StatusRuntimeException e) {
                    refused = e.getStatus().getCode();
                }
            }
            assertThat(refused).isEqualTo(Status.Code.UNAVAILABLE);
            // ... while the open stream is still served, and the server waits for it.
            assertThat(closer.isAlive()).isTrue();
            requests.onNext(request("c", model, random));
            EnrollResponse third = acks.poll(30, TimeUnit.SECONDS);
            assertThat(third).isNotNull();
            assertThat(third.getEnrolled()).isTrue();
            requests.onCompleted();
            done.get(30, TimeUnit.SECONDS);
            closer.join(60_000);
            assertThat(closer.isAlive()).isFalse();
        } finally {
            server.close();
        }
        // Saved at shutdown: the file holds all three, the journal is empty.
        assertThat(GalleryFiles.load(db).identities()).extracting(i -> i.name()).containsExactly("a", "b", "c");
        assertThat(GalleryJournal.read(GalleryJournal.beside(db), model, 512).changes()).isEmpty();
        assertThat(Files.exists(db)).isTrue();
        assertThat(log.get(log.size() - 1)).contains("\"event\":\"stopped\"").contains("\"graceful\":true").contains("\"embeddings_saved\":3");
    }

    private static EnrollRequest request(String identity, String model, Random random) {
        float[] v = new float[512];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        return EnrollRequest.newBuilder().setIdentity(identity)
                .setEmbedding(ProtoConversions.embedding(Embedding.normalised(model, v))).build();
    }
}
