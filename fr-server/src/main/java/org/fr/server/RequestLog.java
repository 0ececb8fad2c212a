package org.fr.server;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Writes one JSON line per call when it ends:
 * {@code {"time":ISO,"method":"fr.v1.FaceRecognition/Identify","status":"OK","ms":12.3,"in":1,"out":1,"peer":A}}
 * plus {@code "error"} with the status description when the call failed; {@code in}/{@code out} count the messages of
 * streams; {@code ms} runs from the call's arrival to its close (queueing included). Also writes the server's own
 * events ({@link #event}). Thread-safe: the sink is called under a lock, one line at a time.
 */
public final class RequestLog implements ServerInterceptor {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Consumer<String> sink;

    public RequestLog(Consumer<String> sink) { this.sink = sink; }

    /** Writes {@code {"time":ISO,"event":NAME,...fields}}. */
    public void event(String name, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("event", name);
        m.putAll(fields);
        write(m);
    }

    private void write(Map<String, Object> m) {
        String line;
        try {
            line = MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            line = "{\"event\":\"log-failure\"}";
        }
        synchronized (this) {
            sink.accept(line);
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long start = System.nanoTime();
        AtomicInteger in = new AtomicInteger(), out = new AtomicInteger();
        String method = call.getMethodDescriptor().getFullMethodName();
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        ServerCall<Q, R> logged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                out.incrementAndGet();
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                log(method, status, start, in.get(), out.get(), peer);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener = next.startCall(logged, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                in.incrementAndGet();
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                log(method, Status.CANCELLED.withDescription("cancelled by the client or its deadline"), start, in.get(), out.get(), peer);
                super.onCancel();
            }
        };
    }

    private void log(String method, Status status, long start, int in, int out, SocketAddress peer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("method", method);
        m.put("status", status.getCode().name());
        m.put("ms", Math.round((System.nanoTime() - start) / 1e4) / 100.0);
        m.put("in", in);
        m.put("out", out);
        m.put("peer", peer == null ? null : peer.toString());
        if (!status.isOk() && status.getDescription() != null) m.put("error", status.getDescription());
        write(m);
    }
}
