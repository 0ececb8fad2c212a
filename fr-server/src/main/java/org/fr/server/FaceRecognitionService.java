package org.fr.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.fr.AlignedFace;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Identification;
import org.fr.Match;
import org.fr.NoFaceException;
import org.fr.RecognizedFace;
import org.fr.RgbImage;
import org.fr.Verification;
import org.fr.gallery.io.JournaledGallery;
import org.fr.server.v1.Candidate;
import org.fr.server.v1.DetectRequest;
import org.fr.server.v1.DetectResponse;
import org.fr.server.v1.EmbedAlignedRequest;
import org.fr.server.v1.EmbedAlignedResponse;
import org.fr.server.v1.EmbedRequest;
import org.fr.server.v1.EmbedResponse;
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
import org.fr.server.v1.RemoveRequest;
import org.fr.server.v1.RemoveResponse;
import org.fr.server.v1.VerifyRequest;
import org.fr.server.v1.VerifyResponse;

/**
 * The fr.v1 FaceRecognition service over one {@link FaceRecognizer} and one {@link Gallery} (a {@link JournaledGallery}
 * for a gallery file). Each call runs
 * on the server's bounded executor; requests are validated first (images within the limits, embeddings of the
 * embedder's model and dimension), the deadline is checked between the expensive steps, and failures become gRPC
 * statuses ({@link Statuses}). Enrolments are acknowledged once durable. Thread-safe.
 */
final class FaceRecognitionService extends FaceRecognitionGrpc.FaceRecognitionImplBase {
    static final int DEFAULT_TOP = 3;
    /** The most crops one EmbedAligned request may carry (one model batch). */
    static final int MAX_CROPS = 256;

    private final FaceRecognizer recognizer;
    private final Gallery gallery;
    private final RequestImages images;

    FaceRecognitionService(FaceRecognizer recognizer, Gallery gallery, RequestImages images) {
        this.recognizer = recognizer;
        this.gallery = gallery;
        this.images = images;
    }

    private String modelId() { return recognizer.embedder().modelId(); }

    private int dimension() { return recognizer.embedder().dimension(); }

    // ---------------------------------------------------------------- unary calls

    @Override
    public void detect(DetectRequest request, StreamObserver<DetectResponse> out) {
        unary(out, () -> {
            RgbImage img = image(request.hasImage() ? request.getImage() : null, "image");
            Statuses.checkAlive("detection");
            DetectResponse.Builder b = DetectResponse.newBuilder();
            for (DetectedFace f : recognizer.detect(img)) b.addFaces(ProtoConversions.face(f));
            return b.build();
        });
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> out) {
        unary(out, () -> {
            RgbImage img = image(request.hasImage() ? request.getImage() : null, "image");
            Statuses.checkAlive("detection");
            List<RecognizedFace> faces = request.getLargestOnly()
                    ? recognizer.recognizeLargest(img).map(List::of).orElse(List.of())
                    : recognizer.recognizeAll(img);
            EmbedResponse.Builder b = EmbedResponse.newBuilder().setModelId(modelId());
            for (RecognizedFace f : faces) {
                b.addFacesBuilder().setFace(ProtoConversions.face(f.face())).setEmbedding(ProtoConversions.embedding(f.embedding()));
            }
            return b.build();
        });
    }

    @Override
    public void embedAligned(EmbedAlignedRequest request, StreamObserver<EmbedAlignedResponse> out) {
        unary(out, () -> {
            if (request.getCropsCount() == 0) throw RequestImages.invalid("no crop given");
            if (request.getCropsCount() > MAX_CROPS) {
                throw Status.RESOURCE_EXHAUSTED.withDescription(request.getCropsCount() + " crops in one request; at most "
                        + MAX_CROPS).asRuntimeException();
            }
            List<AlignedFace> faces = new ArrayList<>(request.getCropsCount());
            for (int i = 0; i < request.getCropsCount(); i++) faces.add(images.aligned(request.getCrops(i), "crops[" + i + "]"));
            Statuses.checkAlive("embedding");
            EmbedAlignedResponse.Builder b = EmbedAlignedResponse.newBuilder();
            for (Embedding e : recognizer.embedder().embedAll(faces)) b.addEmbeddings(ProtoConversions.embedding(e));
            return b.build();
        });
    }

    @Override
    public void verify(VerifyRequest request, StreamObserver<VerifyResponse> out) {
        unary(out, () -> {
            if (request.hasThreshold()) requireThreshold(request.getThreshold());
            Embedding a = largestEmbedding(request.getA(), "a");
            Embedding b = largestEmbedding(request.getB(), "b");
            float t = request.hasThreshold() ? request.getThreshold() : recognizer.threshold();
            Verification v = Verification.of(a.cosine(b), t);
            return VerifyResponse.newBuilder().setSimilarity(v.similarity()).setSame(v.same()).setThreshold(v.threshold()).build();
        });
    }

    @Override
    public void identify(IdentifyRequest request, StreamObserver<IdentifyResponse> out) {
        unary(out, () -> identifyOne(request));
    }

    @Override
    public void remove(RemoveRequest request, StreamObserver<RemoveResponse> out) {
        unary(out, () -> {
            if (request.getIdentity().isBlank()) throw RequestImages.invalid("identity must not be blank");
            return RemoveResponse.newBuilder().setRemoved(gallery.remove(request.getIdentity())).build();
        });
    }

    @Override
    public void listIdentities(ListIdentitiesRequest request, StreamObserver<ListIdentitiesResponse> out) {
        unary(out, () -> {
            ListIdentitiesResponse.Builder b = ListIdentitiesResponse.newBuilder().setModelId(gallery.modelId())
                    .setDimension(gallery.dimension()).setThreshold(gallery.threshold());
            int count = 0;
            for (GalleryIdentity id : identities()) {
                b.addIdentities(IdentitySummary.newBuilder().setName(id.name()).setEmbeddings(id.embeddings().size())
                        .putAllMetadata(id.metadata()));
                count += id.embeddings().size();
            }
            return b.setEmbeddingCount(count).build();
        });
    }

    /**
     * Every identity: one consistent snapshot of a file gallery; for another gallery (e.g. SolrCloud) each listed
     * identity read in turn, leaving out one removed meanwhile.
     */
    private List<GalleryIdentity> identities() {
        if (gallery instanceof JournaledGallery j) return j.snapshot().identities();
        List<GalleryIdentity> out = new ArrayList<>();
        for (String name : gallery.identities()) gallery.get(name).ifPresent(out::add);
        return out;
    }

    // ---------------------------------------------------------------- streams

    @Override
    public StreamObserver<IdentifyRequest> identifyStream(StreamObserver<IdentifyResponse> out) {
        return new InOrderStream<>(out, this::identifyOne);
    }

    @Override
    public StreamObserver<EnrollRequest> enroll(StreamObserver<EnrollResponse> out) {
        return new InOrderStream<>(out, this::enrollOne);
    }

    /**
     * A bidirectional stream answered one response per request, in order, on the thread that delivers the request
     * (gRPC delivers a call's messages one at a time). A failing request ends the stream with its status; later
     * requests are ignored.
     */
    private static final class InOrderStream<Q, R> implements StreamObserver<Q> {
        private final StreamObserver<R> out;
        private final Function<Q, R> handler;
        private boolean failed;

        InOrderStream(StreamObserver<R> out, Function<Q, R> handler) {
            this.out = out;
            this.handler = handler;
        }

        @Override
        public void onNext(Q request) {
            if (failed) return;
            try {
                Statuses.checkAlive("the next message");
                out.onNext(handler.apply(request));
            } catch (Throwable e) {
                failed = true;
                out.onError(Statuses.of(e));
            }
        }

        @Override
        public void onError(Throwable t) {
            // the client cancelled or failed: nothing more to send
        }

        @Override
        public void onCompleted() {
            if (!failed) out.onCompleted();
        }
    }

    // ---------------------------------------------------------------- the work

    private IdentifyResponse identifyOne(IdentifyRequest request) {
        int top = request.getTop() == 0 ? DEFAULT_TOP : request.getTop();
        if (top < 1 || top > 1000) throw RequestImages.invalid("top must lie in [1, 1000]: " + request.getTop());
        if (request.hasThreshold()) requireThreshold(request.getThreshold());
        float t = request.hasThreshold() ? request.getThreshold() : gallery.threshold();
        IdentifyResponse.Builder b = IdentifyResponse.newBuilder().setThreshold(t).setFrame(request.getFrame());
        Probe p = request.getProbe();
        switch (p.getProbeCase()) {
            case IMAGE -> {
                RgbImage img = images.decode(p.getImage(), "probe image");
                Statuses.checkAlive("detection");
                for (RecognizedFace f : recognizer.recognizeAll(img)) {
                    b.addFaces(identification(gallery.identify(f.embedding(), top, t)).setFace(ProtoConversions.face(f.face())));
                }
            }
            case EMBEDDING -> b.addFaces(identification(gallery.identify(
                    ProtoConversions.embedding(p.getEmbedding(), modelId(), dimension(), "probe"), top, t)));
            case CROP -> {
                AlignedFace face = images.aligned(p.getCrop(), "probe crop");
                Statuses.checkAlive("embedding");
                b.addFaces(identification(gallery.identify(recognizer.embedAligned(face), top, t)));
            }
            case PROBE_NOT_SET -> throw RequestImages.invalid("probe not set (give an image, an embedding or a crop)");
        }
        return b.build();
    }

    private static FaceIdentification.Builder identification(Identification id) {
        FaceIdentification.Builder b = FaceIdentification.newBuilder();
        for (Match m : id.candidates()) b.addCandidates(Candidate.newBuilder().setIdentity(m.identity()).setSimilarity(m.similarity()));
        id.identity().ifPresent(b::setIdentity);
        if (!id.candidates().isEmpty()) b.setSimilarity(id.candidates().get(0).similarity());
        return b;
    }

    private EnrollResponse enrollOne(EnrollRequest request) {
        String identity = request.getIdentity();
        if (identity.isBlank()) throw RequestImages.invalid("identity must not be blank");
        EnrollResponse.Builder b = EnrollResponse.newBuilder().setIdentity(identity);
        Embedding embedding;
        switch (request.getSourceCase()) {
            case EMBEDDING -> embedding = ProtoConversions.embedding(request.getEmbedding(), modelId(), dimension(), "enrolment of " + identity);
            case CROP -> embedding = recognizer.embedAligned(images.aligned(request.getCrop(), "enrolment of " + identity));
            case IMAGE -> {
                Optional<RecognizedFace> face = enrolledFace(request, b);
                if (face.isEmpty()) return b.setEnrolled(false).setEmbeddings(count(identity)).build();
                b.setFace(ProtoConversions.face(face.get().face()));
                embedding = face.get().embedding();
            }
            default -> throw RequestImages.invalid("enrolment of " + identity + ": no source (give an image, an embedding or a crop)");
        }
        Statuses.checkAlive("enrolment");
        gallery.enroll(identity, List.of(embedding), Map.copyOf(request.getMetadataMap()));
        return b.setEnrolled(true).setEmbeddings(count(identity)).build();
    }

    /** The face to enrol from an image, as {@code fr enroll} picks it; empty with the problem set when there is none. */
    private Optional<RecognizedFace> enrolledFace(EnrollRequest request, EnrollResponse.Builder b) {
        RgbImage img;
        String what = "enrolment of " + request.getIdentity();
        try {
            img = images.decode(request.getImage(), what);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) throw e;
            // As fr enroll reports it: the decoder's problem without the image's name (the report names it).
            String d = String.valueOf(e.getStatus().getDescription());
            String prefix = RequestImages.label(request.getImage(), what) + ": ";
            b.setProblem("unreadable: " + (d.startsWith(prefix) ? d.substring(prefix.length()) : d));
            return Optional.empty();
        }
        Statuses.checkAlive("detection");
        List<DetectedFace> faces = recognizer.detect(img);
        List<DetectedFace> alignable = faces.stream().filter(f -> f.landmarks() != null).toList();
        if (alignable.isEmpty()) {
            b.setProblem(faces.isEmpty() ? "no face"
                    : "no face with landmarks (" + faces.size() + " found by " + recognizer.detector().name() + ")");
            return Optional.empty();
        }
        if (faces.size() > 1) {
            if (!request.getLargestFace()) {
                b.setProblem(faces.size() + " faces");
                return Optional.empty();
            }
            b.setProblem(faces.size() + " faces; took the largest");
            alignable = List.of(FaceRecognizer.largest(alignable).orElseThrow());
        }
        return Optional.of(recognizer.embedFaces(img, alignable).get(0));
    }

    private int count(String identity) {
        return gallery.get(identity).map(i -> i.embeddings().size()).orElse(0);
    }

    private Embedding largestEmbedding(Probe p, String what) {
        return switch (p.getProbeCase()) {
            case IMAGE -> {
                RgbImage img = images.decode(p.getImage(), "image " + what);
                Statuses.checkAlive("detection");
                String name = p.getImage().getName().isBlank() ? "image " + what : p.getImage().getName();
                yield recognizer.recognizeLargest(img).orElseThrow(() -> new NoFaceException(name)).embedding();
            }
            case EMBEDDING -> ProtoConversions.embedding(p.getEmbedding(), modelId(), dimension(), "embedding " + what);
            case CROP -> recognizer.embedAligned(images.aligned(p.getCrop(), "crop " + what));
            case PROBE_NOT_SET -> throw RequestImages.invalid(what + ": probe not set (give an image, an embedding or a crop)");
        };
    }

    private RgbImage image(Image image, String what) {
        if (image == null) throw RequestImages.invalid(what + " not set");
        return images.decode(image, what);
    }

    private static void requireThreshold(float t) {
        if (!(t >= -1f && t <= 1f)) throw RequestImages.invalid("threshold must lie in [-1, 1]: " + t);
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
        T result;
        try {
            Statuses.checkAlive("the request started");
            result = body.get();
        } catch (Throwable e) {
            out.onError(Statuses.of(e));
            return;
        }
        if (out instanceof ServerCallStreamObserver<T> s && s.isCancelled()) return;
        out.onNext(result);
        out.onCompleted();
    }
}
