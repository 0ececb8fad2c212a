package org.fr.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses calls without the {@code authorization: Bearer <token>} metadata the server was given, with
 * {@code UNAUTHENTICATED}; the comparison takes the same time whatever the token. Calls to the services named in
 * {@code open} (the health service, for load balancers) pass without a token. Immutable and thread-safe.
 */
final class BearerTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "Bearer ";

    private final byte[] token;
    private final Set<String> open;

    BearerTokenInterceptor(String token, Set<String> open) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the bearer token must not be blank");
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.open = Set.copyOf(open);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (open.contains(call.getMethodDescriptor().getServiceName())) return next.startCall(call, headers);
        String value = headers.get(AUTHORIZATION);
        String problem = null;
        if (value == null) {
            problem = "missing bearer token (send the metadata 'authorization: Bearer <token>')";
        } else if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            problem = "the authorization metadata is not a bearer token";
        } else if (!MessageDigest.isEqual(token, value.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8))) {
            problem = "wrong bearer token";
        }
        if (problem == null) return next.startCall(call, headers);
        call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
