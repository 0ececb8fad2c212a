package org.fr.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.fr.AlignedFace;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.Identification;
import org.fr.Landmarks;
import org.fr.Match;
import org.fr.RecognizedFace;
import org.fr.RgbImage;
import org.fr.Verification;
import org.fr.server.ProtoConversions;
import org.fr.server.v1.Candidate;
import org.fr.server.v1.Crop;
import org.fr.server.v1.DetectRequest;
import org.fr.server.v1.EmbedAlignedRequest;
import org.fr.server.v1.EmbedRequest;
import org.fr.server.v1.EnrollRequest;
import org.fr.server.v1.EnrollResponse;
import org.fr.server.v1.FaceIdentification;
import org.fr.server.v1.FaceRecognitionGrpc;
import org.fr.server.v1.IdentifyRequest;
import org.fr.server.v1.IdentifyResponse;
import org.fr.server.v1.IdentitySummary;
import org.fr.server.v1.Image;
import org.fr.server.v1.ListIdentitiesRequest;
import org.fr.server.v1.ListIdentitiesResponse;
import org.fr.server.v1.Probe;
import org.fr.server.v1.RawImage;
import org.fr.server.v1.RemoveRequest;
import org.fr.server.v1.VerifyRequest;
import org.fr.server.v1.VerifyResponse;

/**
 * A client of the fr recognition service ({@code fr serve}), in the SDK's own types. Every call carries the
 * configured deadline (default 60 s; streams 10 min) and bearer token; failures are {@link StatusRuntimeException}s
 * with the server's status and message (e.g. {@code INVALID_ARGUMENT: probe image: empty image (0 bytes)}).
 *
 * <pre>{@code
 * try (FrClient c = FrClient.builder("localhost:50051").tokenFile(Path.of("token")).build()) {
 *     for (IdentifiedFace f : c.identify(Files.readAllBytes(photo), photo.toString(), 3, null))
 *         System.out.println(f.identification().identity().orElse("unknown"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one client (one HTTP/2 connection) may serve many threads at once. Must be closed.
 */
public final class FrClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final FaceRecognitionGrpc.FaceRecognitionBlockingStub blocking;
    private final FaceRecognitionGrpc.FaceRecognitionStub async;
    private final Duration deadline;
    private final Duration streamDeadline;

    private FrClient(Builder b) {
        ChannelCredentials credentials;
        if (b.trustedCertificate != null) {
            try {
                credentials = TlsChannelCredentials.newBuilder().trustManager(b.trustedCertificate.toFile()).build();
            } catch (IOException e) {
                throw new IllegalArgumentException(b.trustedCertificate + ": cannot read the trusted certificate (" + e.getMessage() + ")", e);
            }
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        var cb = Grpc.newChannelBuilder(b.target, credentials).maxInboundMessageSize(b.maxMessageBytes);
        if (b.authority != null) cb.overrideAuthority(b.authority);
        if (b.token != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + b.token);
            cb.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.channel = cb.build();
        this.blocking = FaceRecognitionGrpc.newBlockingStub(channel);
        this.async = FaceRecognitionGrpc.newStub(channel);
        this.deadline = b.deadline;
        this.streamDeadline = b.streamDeadline;
    }

    /** A builder for a server at {@code host:port} (or any gRPC target). */
    public static Builder builder(String target) { return new Builder(target); }

    /** The blocking stub with the call deadline, for requests this class does not wrap. */
    public FaceRecognitionGrpc.FaceRecognitionBlockingStub stub() {
        return blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The asynchronous stub with the stream deadline. */
    public FaceRecognitionGrpc.FaceRecognitionStub asyncStub() {
        return async.withDeadlineAfter(streamDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The underlying channel (e.g. for the health service). */
    public ManagedChannel channel() { return channel; }

    /** Every face in an encoded image, best score first. */
    public List<DetectedFace> detect(byte[] image, String name) {
        List<DetectedFace> out = new ArrayList<>();
        for (var f : stub().detect(DetectRequest.newBuilder().setImage(image(image, name)).build()).getFacesList()) {
            out.add(ProtoConversions.face(f));
        }
        return out;
    }

    /** Every face of an encoded image with its embedding (or only the largest). */
    public List<RecognizedFace> embed(byte[] image, String name, boolean largestOnly) {
        var r = stub().embed(EmbedRequest.newBuilder().setImage(image(image, name)).setLargestOnly(largestOnly).build());
        List<RecognizedFace> out = new ArrayList<>();
        for (var f : r.getFacesList()) out.add(new RecognizedFace(ProtoConversions.face(f.getFace()), ProtoConversions.embedding(f.getEmbedding())));
        return out;
    }

    /** Recognition only: the embeddings of faces this side aligned, sent as raw pixels, in one model batch. */
    public List<Embedding> embedAligned(List<AlignedFace> faces) {
        EmbedAlignedRequest.Builder b = EmbedAlignedRequest.newBuilder();
        for (AlignedFace f : faces) b.addCrops(crop(f));
        List<Embedding> out = new ArrayList<>(faces.size());
        for (var e : stub().embedAligned(b.build()).getEmbeddingsList()) out.add(ProtoConversions.embedding(e));
        return out;
    }

    /** Recognition only: a crop of any size with its 5 landmarks (in the crop's pixels); the server aligns it. */
    public Embedding embedCrop(RgbImage crop, Landmarks landmarks) {
        Crop c = Crop.newBuilder().setRaw(raw(crop)).addAllLandmarks(ProtoConversions.points(landmarks)).build();
        return ProtoConversions.embedding(stub().embedAligned(EmbedAlignedRequest.newBuilder().addCrops(c).build()).getEmbeddings(0));
    }

    /** Compares the largest faces of two encoded images; {@code threshold} null: the server's. */
    public Verification verify(byte[] a, String nameA, byte[] b, String nameB, Float threshold) {
        return verify(Probe.newBuilder().setImage(image(a, nameA)).build(), Probe.newBuilder().setImage(image(b, nameB)).build(), threshold);
    }

    /** Compares two embeddings on the server (which checks they are of its model). */
    public Verification verify(Embedding a, Embedding b, Float threshold) {
        return verify(Probe.newBuilder().setEmbedding(ProtoConversions.embedding(a)).build(),
                Probe.newBuilder().setEmbedding(ProtoConversions.embedding(b)).build(), threshold);
    }

    private Verification verify(Probe a, Probe b, Float threshold) {
        VerifyRequest.Builder r = VerifyRequest.newBuilder().setA(a).setB(b);
        if (threshold != null) r.setThreshold(threshold);
        VerifyResponse v = stub().verify(r.build());
        return new Verification(v.getSimilarity(), v.getThreshold(), v.getSame());
    }

    /** Who is each face of an encoded image? {@code top} candidates each; {@code threshold} null: the gallery's. */
    public List<IdentifiedFace> identify(byte[] image, String name, int top, Float threshold) {
        return faces(stub().identify(identifyRequest(Probe.newBuilder().setImage(image(image, name)).build(), top, threshold, 0)));
    }

    /** Who is this embedding? */
    public IdentifiedFace identify(Embedding probe, int top, Float threshold) {
        return faces(stub().identify(identifyRequest(Probe.newBuilder().setEmbedding(ProtoConversions.embedding(probe)).build(),
                top, threshold, 0))).get(0);
    }

    /**
     * Enrols faces over one stream and waits for every acknowledgement; each is sent once its enrolment is durable.
     *
     * @param onAck called with each acknowledgement as it arrives (on a gRPC thread); may be null
     * @return the acknowledgements, in order
     * @throws StatusRuntimeException when the stream fails (the enrolments acknowledged before stay enrolled)
     */
    public List<EnrollResult> enroll(List<Enrollment> enrollments, Consumer<EnrollResult> onAck) {
        List<EnrollResult> results = new ArrayList<>(enrollments.size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<EnrollRequest> requests = asyncStub().enroll(new StreamObserver<>() {
            @Override
            public void onNext(EnrollResponse r) {
                EnrollResult result = new EnrollResult(r.getIdentity(), r.getEnrolled(), r.getProblem(), r.getEmbeddings(),
                        r.hasFace() ? ProtoConversions.face(r.getFace()) : null);
                synchronized (results) {
                    results.add(result);
                }
                if (onAck != null) onAck.accept(result);
            }

            @Override
            public void onError(Throwable t) { done.completeExceptionally(t); }

            @Override
            public void onCompleted() { done.complete(null); }
        });
        try {
            for (Enrollment e : enrollments) {
                if (done.isDone()) break;
                requests.onNext(enrollRequest(e));
            }
            requests.onCompleted();
        } catch (RuntimeException e) {
            requests.onError(e);
            throw e;
        }
        await(done);
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /** Removes an identity; false when the server did not hold it. */
    public boolean remove(String identity) {
        return stub().remove(RemoveRequest.newBuilder().setIdentity(identity).build()).getRemoved();
    }

    /** The server's gallery. */
    public GalleryListing listIdentities() {
        ListIdentitiesResponse r = stub().listIdentities(ListIdentitiesRequest.getDefaultInstance());
        List<GalleryListing.Identity> ids = new ArrayList<>(r.getIdentitiesCount());
        for (IdentitySummary s : r.getIdentitiesList()) ids.add(new GalleryListing.Identity(s.getName(), s.getEmbeddings(), s.getMetadataMap()));
        return new GalleryListing(r.getModelId(), r.getDimension(), r.getThreshold(), r.getEmbeddingCount(), ids);
    }

    /**
     * Opens an identification stream for video: send frames with {@link FrameStream#send}, results arrive in order
     * through {@code onResult} (on a gRPC thread) with their frame numbers.
     */
    public FrameStream identifyStream(int top, Float threshold, Consumer<FrameResult> onResult) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<IdentifyRequest> requests = asyncStub().identifyStream(new StreamObserver<>() {
            @Override
            public void onNext(IdentifyResponse r) { onResult.accept(new FrameResult(r.getFrame(), faces(r))); }

            @Override
            public void onError(Throwable t) { done.completeExceptionally(t); }

            @Override
            public void onCompleted() { done.complete(null); }
        });
        return new FrameStream(requests, done, top, threshold);
    }

    /** One frame's result on an identification stream. */
    public record FrameResult(long frame, List<IdentifiedFace> faces) {}

    /** The sending side of {@link #identifyStream}. Not thread-safe: send from one thread. */
    public static final class FrameStream implements AutoCloseable {
        private final StreamObserver<IdentifyRequest> requests;
        private final CompletableFuture<Void> done;
        private final int top;
        private final Float threshold;

        private FrameStream(StreamObserver<IdentifyRequest> requests, CompletableFuture<Void> done, int top, Float threshold) {
            this.requests = requests;
            this.done = done;
            this.top = top;
            this.threshold = threshold;
        }

        /** Sends an encoded frame; its result carries {@code frame}. */
        public void send(byte[] image, long frame) {
            requests.onNext(identifyRequest(Probe.newBuilder().setImage(image(image, "frame " + frame)).build(), top, threshold, frame));
        }

        /** Ends the stream and waits for the last results. */
        @Override
        public void close() {
            requests.onCompleted();
            await(done);
        }
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- messages

    static Image image(byte[] data, String name) {
        return Image.newBuilder().setData(ByteString.copyFrom(data)).setName(name == null ? "" : name).build();
    }

    static RawImage raw(RgbImage img) {
        return RawImage.newBuilder().setWidth(img.width()).setHeight(img.height()).setRgb(ByteString.copyFrom(img.pixels())).build();
    }

    static Crop crop(AlignedFace f) { return Crop.newBuilder().setRaw(raw(f.image())).build(); }

    static IdentifyRequest identifyRequest(Probe probe, int top, Float threshold, long frame) {
        IdentifyRequest.Builder b = IdentifyRequest.newBuilder().setProbe(probe).setTop(top).setFrame(frame);
        if (threshold != null) b.setThreshold(threshold);
        return b.build();
    }

    static EnrollRequest enrollRequest(Enrollment e) {
        EnrollRequest.Builder b = EnrollRequest.newBuilder().setIdentity(e.identity()).putAllMetadata(e.metadata())
                .setLargestFace(e.largestFace());
        if (e.image() != null) b.setImage(image(e.image(), e.imageName()));
        else if (e.embedding() != null) b.setEmbedding(ProtoConversions.embedding(e.embedding()));
        else b.setCrop(crop(e.crop()));
        return b.build();
    }

    static List<IdentifiedFace> faces(IdentifyResponse r) {
        List<IdentifiedFace> out = new ArrayList<>(r.getFacesCount());
        for (FaceIdentification f : r.getFacesList()) {
            List<Match> candidates = new ArrayList<>(f.getCandidatesCount());
            for (Candidate c : f.getCandidatesList()) candidates.add(new Match(c.getIdentity(), c.getSimilarity()));
            Match best = f.hasIdentity() ? candidates.get(0) : null;
            out.add(new IdentifiedFace(f.hasFace() ? ProtoConversions.face(f.getFace()) : null,
                    new Identification(candidates, r.getThreshold(), best)));
        }
        return out;
    }

    private static void await(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Options of an {@link FrClient}. Not thread-safe. */
    public static final class Builder {
        private final String target;
        private String token;
        private Path trustedCertificate;
        private String authority;
        private Duration deadline = Duration.ofSeconds(60);
        private Duration streamDeadline = Duration.ofMinutes(10);
        private int maxMessageBytes = 64 << 20;

        private Builder(String target) {
            if (target == null || target.isBlank()) throw new IllegalArgumentException("the server address must not be blank (HOST:PORT)");
            this.target = target;
        }

        /** Sends {@code authorization: Bearer <token>} with every call. */
        public Builder token(String token) {
            if (token == null || token.isBlank()) throw new IllegalArgumentException("the token must not be blank");
            this.token = token;
            return this;
        }

        /** The token from a file (its first line, trimmed). */
        public Builder tokenFile(Path file) {
            return token(org.fr.server.TokenFile.read(file));
        }

        /** Connects with TLS, trusting the certificates in this PEM file (the server's or its CA's). */
        public Builder tls(Path trustedCertificate) { this.trustedCertificate = Objects.requireNonNull(trustedCertificate); return this; }

        /** The host name the TLS certificate must name, when it differs from the target's. */
        public Builder authority(String authority) { this.authority = Objects.requireNonNull(authority); return this; }

        /** The deadline of each unary call; default 60 s. */
        public Builder deadline(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("the deadline must be positive: " + d);
            this.deadline = d;
            return this;
        }

        /** The deadline of each stream (Enroll, IdentifyStream); default 10 minutes. */
        public Builder streamDeadline(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("the stream deadline must be positive: " + d);
            this.streamDeadline = d;
            return this;
        }

        public FrClient build() { return new FrClient(this); }
    }
}
