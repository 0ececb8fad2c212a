package org.fr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.fr.client.FrClient;
import org.fr.server.v1.EnrollRequest;
import org.fr.server.v1.EnrollResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Beyond its call limit the server refuses new calls with RESOURCE_EXHAUSTED, and serves again once calls end. */
class CallLimitTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void callsBeyondTheLimitAreRefusedNotQueued() throws Exception {
        try (FrServer server = FrServer.builder().port(0).db(dir.resolve("g.json")).threads(1).maxCalls(1).log(l -> { }).start();
             FrClient client = FrClient.builder("localhost:" + server.port()).build()) {
            // Connect first. On an idle channel the stream below would wait in the client's delayed transport and could
            // reach the server after a later call, which would then hold the only slot and get the stream refused.
            assertThat(client.listIdentities().embeddingCount()).isZero();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<EnrollRequest> open = client.asyncStub().enroll(new StreamObserver<EnrollResponse>() {
                @Override public void onNext(EnrollResponse r) { }
                @Override public void onError(Throwable t) { done.completeExceptionally(t); }
                @Override public void onCompleted() { done.complete(null); }
            });
            // The open stream holds the only slot (it counts once the server has seen it: retry until it has).
            StatusRuntimeException refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                assertThat(done).as("the open stream must hold the slot, not end").isNotDone();
                refused = catchThrowableOfType(StatusRuntimeException.class, client::listIdentities);
                if (refused == null) Thread.sleep(50);
            }
            assertThat(refused).isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.getStatus().getDescription()).contains("server busy: 1 calls in progress");
            open.onCompleted();
            done.get(30, TimeUnit.SECONDS);
            // The slot is free again.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try {
                    assertThat(client.listIdentities().embeddingCount()).isZero();
                    break;
                } catch (StatusRuntimeException e) {
                    if (System.nanoTime() > until) throw e;
                    Thread.sleep(20);
                }
            }
        }
    }
}
