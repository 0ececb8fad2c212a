package org.fr.server;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Bounds the calls in progress (running or queued for the executor): beyond {@code max}, a new call is refused at
 * once with {@code RESOURCE_EXHAUSTED} rather than queued without bound. Thread-safe.
 */
final class ConcurrencyLimitInterceptor implements ServerInterceptor {
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    ConcurrencyLimitInterceptor(int max) {
        if (max < 1) throw new IllegalArgumentException("the call limit must be at least 1: " + max);
        this.max = max;
    }

    int active() { return active.get(); }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (active.incrementAndGet() > max) {
            active.decrementAndGet();
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("server busy: " + max
                    + " calls in progress; retry later"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        AtomicInteger done = new AtomicInteger();
        Runnable release = () -> {
            if (done.getAndIncrement() == 0) active.decrementAndGet();
        };
        ServerCall<Q, R> tracked = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(tracked, headers);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                release.run();
                super.onCancel();
            }
        };
    }
}
