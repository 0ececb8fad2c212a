package org.fr.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.fr.FaceEmbedder;
import org.fr.FaceRecognizer;
import org.fr.FrException;
import org.fr.Gallery;
import org.fr.ImageLimits;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.io.JournaledGallery;
import org.fr.server.v1.FaceRecognitionGrpc;

/**
 * The recognition service as something one can deploy: the fr.v1 {@code FaceRecognition} service (see
 * {@code fr/v1/face_recognition.proto}) with the standard health service and server reflection, over gRPC/HTTP2 on
 * one port.
 *
 * <ul>
 *   <li>Work runs on a fixed pool of {@link Builder#threads} threads (default: the cores); at most
 *       {@link Builder#maxCalls} calls are in progress at once, more are refused with {@code RESOURCE_EXHAUSTED}.</li>
 *   <li>Deadlines are honoured: a call whose deadline passed while it waited is not started, and work stops between
 *       steps once it has.</li>
 *   <li>Messages above {@link Builder#maxMessageBytes} and images outside {@link Builder#imageLimits} are refused
 *       ({@code RESOURCE_EXHAUSTED}).</li>
 *   <li>Optional TLS (PEM certificate chain and PKCS#8 key) and bearer token ({@code authorization: Bearer T}; the
 *       health service stays open).</li>
 *   <li>The gallery is either a file ({@link Builder#db}), held as a {@link JournaledGallery}: each enrolment is
 *       acknowledged once it is fsync'ed to the journal, and the journal is folded into the gallery file every
 *       {@link Builder#checkpointInterval} and at shutdown; or any other {@link Gallery} ({@link Builder#gallery},
 *       e.g. a SolrCloud one shared by several servers), whose enrolments are durable when it returns, so there is
 *       no journal and nothing to checkpoint.</li>
 *   <li>One JSON line per call with its latency, through {@link Builder#log}.</li>
 * </ul>
 *
 * <p>{@link #close()} shuts down gracefully: no new calls, calls in progress finish (up to the grace period), then the
 * gallery is saved and the models are released. Thread-safe.
 */
public final class FrServer implements AutoCloseable {
    private final Server server;
    private final FaceRecognizer recognizer;
    private final Gallery gallery;
    /** The same gallery when it is file-backed, else null. */
    private final JournaledGallery journaled;
    private final ExecutorService executor;
    private final ScheduledExecutorService checkpoints;
    private final HealthStatusManager health;
    private final RequestLog log;
    private final Duration grace;
    private final Object closeLock = new Object();
    private boolean closed;

    private FrServer(Builder b, FaceRecognizer recognizer, Gallery gallery, String db) throws IOException {
        this.recognizer = recognizer;
        this.gallery = gallery;
        this.journaled = gallery instanceof JournaledGallery j ? j : null;
        this.grace = b.grace;
        this.log = new RequestLog(b.log);
        this.executor = new ThreadPoolExecutor(b.threads, b.threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("fr-server-"));
        this.health = new HealthStatusManager();
        ServerCredentials credentials = b.tlsCertificate == null ? InsecureServerCredentials.create()
                : TlsServerCredentials.create(b.tlsCertificate.toFile(), b.tlsKey.toFile());
        var sb = Grpc.newServerBuilderForPort(b.port, credentials)
                .executor(executor)
                .maxInboundMessageSize(b.maxMessageBytes)
                .addService(new FaceRecognitionService(recognizer, gallery, new RequestImages(b.imageLimits)))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .intercept(new ConcurrencyLimitInterceptor(b.maxCalls));
        if (b.token != null) sb.intercept(new BearerTokenInterceptor(b.token, Set.of("grpc.health.v1.Health")));
        sb.intercept(log); // added last: runs first, so refused calls are logged too
        this.server = sb.build().start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(FaceRecognitionGrpc.SERVICE_NAME, ServingStatus.SERVING);
        if (journaled != null) {
            this.checkpoints = Executors.newSingleThreadScheduledExecutor(threads("fr-checkpoint-"));
            long every = b.checkpointInterval.toMillis();
            checkpoints.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.checkpoints = null;
        }
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("port", port());
        started.put("tls", b.tlsCertificate != null);
        started.put("token", b.token != null);
        started.put("db", db);
        started.put("identities", gallery.size());
        started.put("embeddings", gallery.embeddingCount());
        started.put("detector", recognizer.detector().name());
        started.put("model", recognizer.embedder().modelId());
        started.put("threads", b.threads);
        log.event("listening", started);
    }

    public static Builder builder() { return new Builder(); }

    /** The port the server listens on (the actual one when it was started on port 0). */
    public int port() { return server.getPort(); }

    /** The gallery served: a {@link JournaledGallery} when the server was given a file ({@link Builder#db}). */
    public Gallery gallery() { return gallery; }

    public FaceRecognizer recognizer() { return recognizer; }

    /** Blocks until the server has shut down. */
    public void awaitTermination() throws InterruptedException { server.awaitTermination(); }

    private void checkpointQuietly() {
        try {
            if (journaled.pendingJournalBytes() > 0) {
                long t0 = System.nanoTime();
                journaled.checkpoint();
                log.event("checkpoint", Map.of("embeddings", gallery.embeddingCount(), "ms", (System.nanoTime() - t0) / 1_000_000));
            }
        } catch (RuntimeException e) {
            log.event("checkpoint-failed", Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    /**
     * Graceful shutdown: refuses new calls, lets the calls in progress finish (for up to the grace period, then
     * cancels them), saves the gallery and releases the models. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) return;
            closed = true;
            long t0 = System.nanoTime();
            health.enterTerminalState();
            server.shutdown();
            boolean clean;
            try {
                clean = server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
                if (!clean) {
                    server.shutdownNow();
                    server.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
                clean = false;
            }
            if (checkpoints != null) checkpoints.shutdown(); // a checkpoint running now finishes before the final save
            executor.shutdown();
            try {
                if (checkpoints != null) checkpoints.awaitTermination(60, TimeUnit.SECONDS);
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                gallery.close();
            } finally {
                recognizer.close();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("graceful", clean);
            // Only a file is saved at shutdown; another gallery held every write when it was acknowledged (and counting
            // its embeddings now could wait out its retry window if its cluster is gone).
            if (journaled != null) m.put("embeddings_saved", journaled.embeddingCount());
            m.put("ms", (System.nanoTime() - t0) / 1_000_000);
            log.event("stopped", m);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Options of a {@link FrServer}. Not thread-safe. */
    public static final class Builder {
        private int port = 50051;
        private Path db;
        private Function<FaceEmbedder, ? extends Gallery> galleryOpener;
        private String galleryName;
        private FaceRecognizer.Builder recognizer = FaceRecognizer.builder();
        private int threads = Runtime.getRuntime().availableProcessors();
        private int maxCalls = 256;
        private int maxMessageBytes = 16 << 20;
        private ImageLimits imageLimits = ImageLimits.DEFAULT.withMaxSize(8192, 8192, 40_000_000L);
        private Path tlsCertificate, tlsKey;
        private String token;
        private Duration checkpointInterval = Duration.ofMinutes(1);
        private Duration grace = Duration.ofSeconds(30);
        private Consumer<String> log = System.out::println;

        private Builder() {}

        /** The port; 0 picks a free one (see {@link FrServer#port()}). Default 50051. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must lie in [0, 65535]: " + port);
            this.port = port;
            return this;
        }

        /**
         * The gallery file (.json or binary); created, for the embedder's model, when missing. This or
         * {@link #gallery} is required.
         */
        public Builder db(Path db) {
            this.db = Objects.requireNonNull(db, "db");
            this.galleryOpener = null;
            return this;
        }

        /**
         * Serves a gallery that is not a file (e.g. a SolrCloud collection), made by {@code open} for the embedder once
         * the models are loaded; it must be of the embedder's model and dimension, must be durable when its writes
         * return (the server keeps no journal for it), is closed by {@link FrServer#close()}, and is named
         * {@code name} in the log. Replaces {@link #db}.
         */
        public Builder gallery(String name, Function<FaceEmbedder, ? extends Gallery> open) {
            this.galleryName = Objects.requireNonNull(name, "name");
            this.galleryOpener = Objects.requireNonNull(open, "open");
            this.db = null;
            return this;
        }

        /** Which detector and embedder to run (default ultraface + arcface); the server sets its threads. */
        public Builder recognizer(FaceRecognizer.Builder recognizer) { this.recognizer = Objects.requireNonNull(recognizer); return this; }

        /** Worker threads; default the available processors. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
            this.threads = threads;
            return this;
        }

        /** Calls in progress at most (running or waiting for a thread); default 256. */
        public Builder maxCalls(int maxCalls) {
            if (maxCalls < 1) throw new IllegalArgumentException("maxCalls must be at least 1: " + maxCalls);
            this.maxCalls = maxCalls;
            return this;
        }

        /** The largest request message in bytes; default 16 MiB. */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + bytes);
            this.maxMessageBytes = bytes;
            return this;
        }

        /** The image sizes accepted; default at most 8192x8192 and 40 million pixels. */
        public Builder imageLimits(ImageLimits limits) { this.imageLimits = Objects.requireNonNull(limits); return this; }

        /** Serves TLS with this PEM certificate chain and PKCS#8 PEM private key. */
        public Builder tls(Path certificateChain, Path privateKey) {
            this.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
            this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** Requires {@code authorization: Bearer <token>} on every call but health checks. */
        public Builder token(String token) {
            if (token == null || token.isBlank()) throw new IllegalArgumentException("the token must not be blank");
            this.token = token;
            return this;
        }

        /** Reads the token from a file (its first line, trimmed). */
        public Builder tokenFile(Path file) {
            return token(TokenFile.read(file));
        }

        /** How often the journal is folded into the gallery file when it holds changes; default 1 minute. */
        public Builder checkpointInterval(Duration every) {
            if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("checkpointInterval must be positive: " + every);
            this.checkpointInterval = every;
            return this;
        }

        /** How long {@link FrServer#close()} waits for calls in progress; default 30 s. */
        public Builder grace(Duration grace) { this.grace = Objects.requireNonNull(grace); return this; }

        /** Where the JSON log lines go; default standard output. */
        public Builder log(Consumer<String> sink) { this.log = Objects.requireNonNull(sink); return this; }

        /**
         * Loads the models and the gallery and starts listening.
         *
         * @throws IllegalArgumentException if the gallery file is of another model than the embedder
         * @throws FrException              if the port cannot be bound or the models not loaded
         */
        public FrServer start() {
            if (db == null && galleryOpener == null) throw new IllegalArgumentException("the gallery (db) is required");
            if (tlsCertificate != null) {
                for (Path p : List.of(tlsCertificate, tlsKey)) {
                    if (!Files.isReadable(p)) throw new IllegalArgumentException(p + ": TLS file missing or unreadable");
                }
            }
            if (threads > 1) recognizer.threads(1); // the parallelism is over requests
            recognizer.imageLimits(imageLimits);
            FaceRecognizer fr = recognizer.build();
            Gallery g = null;
            try {
                FaceEmbedder e = fr.embedder();
                String name = db != null ? db.toString() : galleryName;
                g = db != null ? JournaledGallery.open(db, () -> emptyGallery(e), FlatGallery::of) : galleryOpener.apply(e);
                if (!g.modelId().equals(e.modelId()) || g.dimension() != e.dimension()) {
                    throw new IllegalArgumentException(name + ": holds embeddings of model " + g.modelId() + " (dimension "
                            + g.dimension() + ") but the embedder makes " + e.modelId() + " (dimension " + e.dimension() + ")");
                }
                return new FrServer(this, fr, g, name);
            } catch (IOException ex) {
                closeQuietly(g, fr);
                throw new FrException("cannot start the server on port " + port + ": " + ex.getMessage(), ex);
            } catch (RuntimeException ex) {
                closeQuietly(g, fr);
                throw ex;
            }
        }

        private static void closeQuietly(Gallery g, FaceRecognizer fr) {
            try {
                if (g != null) g.close();
            } catch (RuntimeException ignored) {
                // already failing
            }
            fr.close();
        }

        /** A new gallery for the embedder, at its 1e-3 false-match-rate threshold when calibrated (as fr enroll). */
        static GallerySnapshot emptyGallery(FaceEmbedder e) {
            Float t = e.calibratedThresholds().get(1e-3);
            return new GallerySnapshot(e.modelId(), e.dimension(), t != null ? t : e.defaultThreshold(),
                    org.fr.Gallery.Scoring.MAX, List.of());
        }
    }
}
