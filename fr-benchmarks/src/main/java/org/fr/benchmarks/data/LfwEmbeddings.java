package org.fr.benchmarks.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.RgbImage;

/**
 * Embeddings of LFW photos (one face per image: the detected face nearest the image centre, which is the face LFW
 * labels), computed with the default pipeline (ultraface + arcface) and cached in a binary file so later runs skip
 * the minutes of detection and embedding. Images in which no face is found are left out and counted.
 *
 * <p>Cache format (big-endian, {@link DataOutputStream}): magic {@code "frlfwemb1"}, model id, dimension, count,
 * then per face its person name (UTF) and {@code dimension} floats of the unit vector. A cache whose model id or
 * source differs from the request is recomputed. Stateless; not meant for concurrent writers of one cache file.
 */
public final class LfwEmbeddings {
    private static final String MAGIC = "frlfwemb1";

    /** One embedded face: the person's name (LFW folder) and the unit embedding. */
    public record Face(String person, Embedding embedding) {}

    /** The faces, and how many images had no detected face (left out). */
    public record Result(List<Face> faces, int noFace) {}

    private LfwEmbeddings() {}

    /**
     * The embeddings of the first {@code limit} images (in person, then file name order; all when {@code limit <= 0})
     * of {@code root/<Name>/<image>.jpg}, read from {@code cache} when it holds exactly that request, else computed
     * with {@code jobs} threads (progress on stderr) and written to {@code cache}.
     */
    public static Result load(Path root, int limit, Path cache, int jobs) throws Exception {
        List<Path> images = list(root, limit);
        String source = root.toAbsolutePath().normalize() + "#" + images.size();
        if (cache != null && Files.isRegularFile(cache)) {
            Result r = read(cache, source);
            if (r != null) {
                System.err.printf("lfw embeddings: %d faces read from %s%n", r.faces().size(), cache);
                return r;
            }
            System.err.println("lfw embeddings: " + cache + " holds another request; recomputing");
        }
        Result r = compute(images, jobs);
        if (cache != null) write(cache, source, r);
        return r;
    }

    static List<Path> list(Path root, int limit) throws IOException {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("not a directory: " + root);
        List<Path> out = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList()) {
                    if (limit > 0 && out.size() >= limit) return out;
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no images in " + root + " (expected DIR/<Name>/<image>.jpg)");
        return out;
    }

    private static Result compute(List<Path> images, int jobs) throws Exception {
        Map<Integer, Face> faces = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger(), noFace = new AtomicInteger();
        long start = System.nanoTime();
        try (FaceRecognizer fr = FaceRecognizer.builder().threads(1).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < images.size(); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        Path p = images.get(index);
                        RgbImage img = fr.read(p);
                        DetectedFace face = FaceRecognizer.nearestCentre(fr.detect(img), img.width(), img.height()).orElse(null);
                        if (face == null) {
                            noFace.incrementAndGet();
                        } else {
                            Embedding e = fr.embedFaces(img, List.of(face)).get(0).embedding();
                            faces.put(index, new Face(p.getParent().getFileName().toString(), e));
                        }
                        int d = done.incrementAndGet();
                        if (d % 500 == 0 || d == images.size()) {
                            double secs = (System.nanoTime() - start) / 1e9;
                            System.err.printf("lfw embeddings: %d/%d images, %.1f/s, %.0fs left%n", d, images.size(),
                                    d / secs, (images.size() - d) / (d / secs));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                pool.shutdownNow();
            }
        }
        return new Result(List.copyOf(new TreeMap<>(faces).values()), noFace.get());
    }

    private static void write(Path cache, String source, Result r) throws IOException {
        if (cache.getParent() != null) Files.createDirectories(cache.getParent());
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        String model = r.faces().isEmpty() ? "" : r.faces().get(0).embedding().modelId();
        int dim = r.faces().isEmpty() ? 0 : r.faces().get(0).embedding().dimension();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeUTF(source);
            out.writeUTF(model);
            out.writeInt(dim);
            out.writeInt(r.faces().size());
            out.writeInt(r.noFace());
            for (Face f : r.faces()) {
                out.writeUTF(f.person());
                for (int i = 0; i < dim; i++) out.writeFloat(f.embedding().get(i));
            }
        }
        Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The cached result, or null when the cache was written for another source. */
    private static Result read(Path cache, String source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache), 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) throw new IOException("not an LFW embedding cache: " + cache);
            if (!source.equals(in.readUTF())) return null;
            String model = in.readUTF();
            int dim = in.readInt(), n = in.readInt(), noFace = in.readInt();
            List<Face> faces = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                String person = in.readUTF();
                float[] v = new float[dim];
                for (int i = 0; i < dim; i++) v[i] = in.readFloat();
                faces.add(new Face(person, Embedding.ofUnitVector(model, v)));
            }
            return new Result(faces, noFace);
        }
    }

    /** Computes (or checks) the cache: {@code LfwEmbeddings CACHE [LIMIT] [JOBS]}. */
    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int jobs = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Result r = load(Datasets.lfwImages(), limit, cache, jobs);
        System.out.printf("{\"faces\":%d,\"no_face\":%d,\"cache\":\"%s\"}%n", r.faces().size(), r.noFace(), cache);
    }
}
