package org.fr.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.fr.FaceRecognizer;
import org.fr.ImageDecoder;
import org.fr.RecognizedFace;
import org.fr.client.FrClient;
import org.fr.server.FrServer;
import org.fr.server.v1.EnrollRequest;
import org.fr.server.v1.EnrollResponse;
import org.fr.server.v1.Image;

/**
 * Load on the recognition service: a real server (in this process, on a loopback port, {@code threads} workers)
 * and {@code clients} concurrent {@link FrClient}s, each on its own connection and thread.
 *
 * <ol>
 *   <li><b>Enrol</b>: {@code streams} concurrent Enroll streams, each enrolling {@code facesPerStream} faces from
 *       distinct LFW photos (each under its own identity {@code s<stream>-<n>}; a photo in which no face is found is
 *       replaced by the stream's next one), with up to 8 requests in flight per stream. Latency: from sending a
 *       request to its acknowledgement (which the server sends once the enrolment is fsync'ed).</li>
 *   <li><b>Identify</b>: {@code identifyCalls} unary Identify calls in total over {@code clients} clients, each
 *       with an LFW photo (of people enrolled and not), against the gallery just built.</li>
 *   <li><b>Restart</b>: the server is shut down gracefully and started again on the same gallery file, which must
 *       hold every enrolled face.</li>
 * </ol>
 *
 * The baseline, measured in the same run: the same Identify work called in process on the server's recognizer and
 * gallery by as many threads ({@code identify-in-process}); the ratio of the two throughputs is what the RPC layer
 * (encoding, HTTP/2, the executor hand-off) keeps. Prints one JSON line per phase with the error count, p50/p95/p99
 * latency and throughput, the ratio, and a summary line.
 * Usage: {@code ServiceLoadHarness DATA_DIR WORK_DIR [CLIENTS] [IDENTIFY_CALLS] [STREAMS] [FACES_PER_STREAM]}
 * (defaults 16, 2000, 16, 100).
 */
public final class ServiceLoadHarness {
    static final int WINDOW = 8;

    /** Latencies of one phase, in ms, with its errors and wall time. */
    public record Phase(String name, int calls, int errors, double wallSeconds, double[] latenciesMs) {
        public double percentile(double p) {
            if (latenciesMs.length == 0) return Double.NaN;
            double[] s = latenciesMs.clone();
            Arrays.sort(s);
            return s[Math.max(0, (int) Math.ceil(p / 100.0 * s.length) - 1)];
        }

        public double throughput() { return calls / wallSeconds; }

        public String json() {
            return String.format("{\"phase\":\"%s\",\"calls\":%d,\"errors\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"p99_ms\":%.1f,\"throughput_per_s\":%.1f,\"wall_s\":%.2f}",
                    name, calls, errors, percentile(50), percentile(95), percentile(99), throughput(), wallSeconds);
        }
    }

    /**
     * @param enrolled         faces acknowledged as enrolled
     * @param heldAfterEnrol   embeddings the server held after the enrolment phase
     * @param heldAfterRestart embeddings it held after a graceful restart
     */
    public record Result(Phase enroll, Phase identify, Phase localIdentify, int enrolled, int heldAfterEnrol, int heldAfterRestart) {
        /** Service throughput over the in-process API's with the same concurrency: what the RPC layer keeps. */
        public double identifyThroughputRatio() { return identify.throughput() / localIdentify.throughput(); }
    }

    private ServiceLoadHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ServiceLoadHarness DATA_DIR WORK_DIR [CLIENTS] [IDENTIFY_CALLS] [STREAMS] [FACES_PER_STREAM]");
            System.exit(2);
        }
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int streams = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int faces = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        Result r = run(Path.of(args[0]), Path.of(args[1]), clients, calls, streams, faces, Runtime.getRuntime().availableProcessors());
        System.out.println(r.enroll().json());
        System.out.println(r.identify().json());
        System.out.println(r.localIdentify().json());
        System.out.printf("{\"identify_throughput_ratio_service_over_in_process\":%.3f}%n", r.identifyThroughputRatio());
        System.out.printf("{\"enrolled\":%d,\"held_after_enrol\":%d,\"held_after_restart\":%d,\"cores\":%d}%n",
                r.enrolled(), r.heldAfterEnrol(), r.heldAfterRestart(), Runtime.getRuntime().availableProcessors());
    }

    public static Result run(Path data, Path work, int clients, int identifyCalls, int streams, int facesPerStream,
                             int serverThreads) throws Exception {
        List<Path> photos = lfwPhotos(data);
        int reservePerStream = facesPerStream + Math.max(5, facesPerStream / 5);
        if (photos.size() < streams * reservePerStream + clients) {
            throw new IllegalArgumentException("only " + photos.size() + " LFW photos under " + data);
        }
        Files.createDirectories(work);
        Path db = work.resolve("load_db.frg");
        Files.deleteIfExists(db);
        Files.deleteIfExists(work.resolve("load_db.frg.journal"));
        Phase enroll, identify, local;
        int enrolled, held;
        try (FrServer server = start(db, serverThreads)) {
            String target = "localhost:" + server.port();
            List<FrClient> cs = new ArrayList<>();
            try {
                for (int i = 0; i < Math.max(clients, streams); i++) cs.add(FrClient.builder(target).build());
                // Warm-up: one call per client (connections, JIT), not measured.
                for (FrClient c : cs) c.detect(Files.readAllBytes(photos.get(photos.size() - 1)), "warm-up");
                AtomicInteger enrolledCount = new AtomicInteger();
                enroll = enrol(cs, photos, streams, facesPerStream, reservePerStream, enrolledCount);
                enrolled = enrolledCount.get();
                held = cs.get(0).listIdentities().embeddingCount();
                List<byte[]> probes = probes(photos);
                identify = identify(clients, identifyCalls, "identify", probes, (thread, n, bytes) -> cs.get(thread).identify(bytes, "probe-" + n, 3, null));
                // The baseline, in the same run: the same calls on the server's own recognizer and gallery, in process.
                FaceRecognizer fr = server.recognizer();
                local = identify(clients, identifyCalls, "identify-in-process", probes, (thread, n, bytes) -> {
                    for (RecognizedFace f : fr.recognizeAll(ImageDecoder.decode(bytes, "probe-" + n))) server.gallery().identify(f.embedding(), 3);
                });
            } finally {
                for (FrClient c : cs) c.close();
            }
        }
        int heldAfterRestart;
        try (FrServer again = start(db, serverThreads); FrClient c = FrClient.builder("localhost:" + again.port()).build()) {
            heldAfterRestart = c.listIdentities().embeddingCount();
        }
        return new Result(enroll, identify, local, enrolled, held, heldAfterRestart);
    }

    private static FrServer start(Path db, int threads) {
        return FrServer.builder().port(0).db(db).threads(threads).log(line -> { }).start();
    }

    /** LFW photos in path order. */
    static List<Path> lfwPhotos(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("lfw/images"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static Phase enrol(List<FrClient> clients, List<Path> photos, int streams, int facesPerStream, int reserve,
                               AtomicInteger enrolled) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger(), calls = new AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            List<Path> mine = photos.subList(s * reserve, (s + 1) * reserve);
            FrClient client = clients.get(s);
            int stream = s;
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    enrolStream(client, stream, mine, facesPerStream, latencies, errors, calls, enrolled);
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            }, "enrol-" + s));
        }
        threads.forEach(Thread::start);
        long t0 = System.nanoTime();
        go.countDown();
        for (CompletableFuture<Void> f : done) {
            try {
                f.get(30, TimeUnit.MINUTES);
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Phase("enroll", calls.get(), errors.get(), wall, latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** One Enroll stream: keeps up to {@link #WINDOW} requests in flight until {@code target} faces are enrolled. */
    private static void enrolStream(FrClient client, int stream, List<Path> photos, int target, ConcurrentLinkedQueue<Double> latencies,
                                    AtomicInteger errors, AtomicInteger calls, AtomicInteger enrolled) throws Exception {
        EnrolStream s = new EnrolStream(stream, photos, target, latencies, errors, calls, enrolled);
        synchronized (s) {
            s.requests = client.asyncStub().enroll(s);
            s.pump();
        }
        s.finished.get(30, TimeUnit.MINUTES);
    }

    /** The state of one Enroll stream; its methods run under its own lock. */
    private static final class EnrolStream implements StreamObserver<EnrollResponse> {
        final int stream;
        final List<Path> photos;
        final int target;
        final ConcurrentLinkedQueue<Double> latencies;
        final AtomicInteger errors, calls, enrolled;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        final long[] sentAt;
        final java.util.ArrayDeque<Integer> order = new java.util.ArrayDeque<>();
        StreamObserver<EnrollRequest> requests;
        int next, acknowledged, inFlight;

        EnrolStream(int stream, List<Path> photos, int target, ConcurrentLinkedQueue<Double> latencies,
                    AtomicInteger errors, AtomicInteger calls, AtomicInteger enrolled) {
            this.stream = stream;
            this.photos = photos;
            this.target = target;
            this.latencies = latencies;
            this.errors = errors;
            this.calls = calls;
            this.enrolled = enrolled;
            this.sentAt = new long[photos.size()];
        }

        @Override
        public synchronized void onNext(EnrollResponse r) {
            int i = order.removeFirst();
            latencies.add((System.nanoTime() - sentAt[i]) / 1e6);
            calls.incrementAndGet();
            inFlight--;
            if (r.getEnrolled()) {
                acknowledged++;
                enrolled.incrementAndGet();
            }
            pump();
        }

        /** Sends photos while fewer than the target are enrolled or in flight; ends the stream when all are answered. */
        synchronized void pump() {
            while (acknowledged + inFlight < target && inFlight < WINDOW && next < photos.size()) {
                int i = next++;
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(photos.get(i));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                String person = photos.get(i).getParent().getFileName().toString();
                EnrollRequest req = EnrollRequest.newBuilder().setIdentity(String.format("s%02d-%03d", stream, i))
                        .setImage(Image.newBuilder().setData(ByteString.copyFrom(bytes)).setName(photos.get(i).getFileName().toString()))
                        .setLargestFace(true).putAllMetadata(Map.of("person", person)).build();
                order.addLast(i);
                sentAt[i] = System.nanoTime();
                inFlight++;
                requests.onNext(req);
            }
            if (inFlight == 0) requests.onCompleted();
        }

        @Override
        public void onError(Throwable t) {
            errors.incrementAndGet();
            finished.completeExceptionally(t);
        }

        @Override
        public void onCompleted() { finished.complete(null); }
    }

    /** Probes: every 7th photo (people enrolled or not), at most 500, read once up front. */
    private static List<byte[]> probes(List<Path> photos) throws IOException {
        List<byte[]> probes = new ArrayList<>();
        for (int i = 0; i < photos.size() && probes.size() < 500; i += 7) probes.add(Files.readAllBytes(photos.get(i)));
        return probes;
    }

    /** One identify call: the calling thread's index, the call number and the probe's bytes. */
    private interface Call {
        void run(int thread, int n, byte[] probe);
    }

    /** {@code totalCalls} calls shared by {@code threads} threads. */
    private static Phase identify(int threads, int totalCalls, String name, List<byte[]> probes, Call call) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger(), next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n; (n = next.getAndIncrement()) < totalCalls; ) {
                    long t0 = System.nanoTime();
                    try {
                        call.run(thread, n, probes.get(n % probes.size()));
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : workers) t.join();
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, totalCalls, errors.get(), wall, latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
