package org.fr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.fr.BoundingBox;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.Identification;
import org.fr.InvalidImageException;
import org.fr.Match;
import org.fr.RecognizedFace;
import org.fr.RgbImage;
import org.fr.gallery.enroll.PivotEnrollment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr identify --db FILE IMAGE|DIR...}: who is each face? A DIR is walked (sub-folders too) for .jpg, .jpeg,
 * .png and .bmp files, in path order; images are processed in parallel and printed in input order.
 *
 * <p>One JSON line per face:
 * {@code {"image":P,"face":I,"box":[x1,y1,x2,y2],"identity":N|null,"similarity":S,"candidates":[{"identity":N,"similarity":S},...]}},
 * where {@code identity} is the best candidate when its cosine similarity {@code S} reaches the threshold, else
 * {@code null} (unknown), and {@code candidates} are the {@code --top} best, best first ({@code similarity} is the
 * best candidate's, or null for an empty gallery). An image with no face gives {@code {"image":P,"faces":0}}: not
 * an error. An unreadable image gives one line on stderr, the others go on, and the exit code is 2.
 *
 * <p>The threshold is the gallery's own unless {@code --threshold COS} (a cosine) or {@code --distance-threshold D2}
 * (a squared L2 distance between unit embeddings, as in {@code face_db.json} pivot scripts: cosine = 1 - D2/2, so
 * 1.24 is 0.38) is given; not both.
 */
@Command(name = "identify", description = "Name the faces in images from a gallery file (open set: unknown below the threshold).")
final class IdentifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--db", required = true, paramLabel = GalleryDb.LABEL,
            description = "The gallery file written by 'fr enroll', or a SolrCloud collection.")
    String dbOption;

    @Option(names = "--threshold", paramLabel = "COS", description = "Cosine similarity threshold (default: the gallery's).")
    Float threshold;

    @Option(names = "--distance-threshold", paramLabel = "D2", description = "The threshold as a squared L2 distance between unit embeddings (cosine = 1 - D2/2).")
    Double distanceThreshold;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Candidates listed per face (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--jobs", paramLabel = "N", description = "Images processed in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Parameters(paramLabel = "IMAGE|DIR", arity = "1..*", description = "Image files, or folders to search for images.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new IllegalArgumentException("--top must be at least 1: " + top);
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1: " + jobs);
        Float cosine = threshold(threshold, distanceThreshold);
        GalleryDb.Searchable db = GalleryDb.parse(dbOption).forSearch();
        List<Path> images = expand(inputs);
        if (images.isEmpty()) throw new IllegalArgumentException("no image file found in " + inputs);

        FaceRecognizer.Builder builder = models.builder();
        if (jobs > 1) builder.threads(1); // the parallelism is over images
        JsonLines out = new JsonLines(System.out);
        int code = ExitCodes.OK;
        try (FaceRecognizer fr = builder.build()) {
            try (Gallery gallery = db.open(fr.embedder())) {
                float t = cosine != null ? cosine : gallery.threshold();
                ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, images.size())));
                try {
                    List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
                    for (Path p : images) futures.add(pool.submit(() -> identify(fr, gallery, p, t)));
                    for (int i = 0; i < images.size(); i++) {
                        try {
                            for (Map<String, Object> line : futures.get(i).get()) out.write(line);
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof InvalidImageException bad)) {
                                throw e.getCause() instanceof Exception ex ? ex : e;
                            }
                            System.err.println("fr identify: " + Main.oneLine(bad));
                            code = Math.max(code, Main.exitCode(bad));
                        }
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
        return code;
    }

    /** The cosine threshold from the options, or null for the gallery's. */
    static Float threshold(Float cosine, Double distance) {
        if (cosine != null && distance != null) {
            throw new IllegalArgumentException("give --threshold or --distance-threshold, not both");
        }
        if (cosine != null) {
            if (!(cosine >= -1f && cosine <= 1f)) throw new IllegalArgumentException("--threshold must lie in [-1, 1]: " + cosine);
            return cosine;
        }
        if (distance != null) {
            if (!(distance >= 0 && distance <= 4)) {
                throw new IllegalArgumentException("--distance-threshold must lie in [0, 4] (squared distance between unit vectors): " + distance);
            }
            return (float) (1.0 - distance / 2.0);
        }
        return null;
    }

    private List<Map<String, Object>> identify(FaceRecognizer fr, Gallery gallery, Path p, float t) {
        RgbImage img = fr.read(p);
        List<RecognizedFace> faces = fr.recognizeAll(img);
        List<BoundingBox> boxes = new ArrayList<>();
        List<Identification> ids = new ArrayList<>();
        for (RecognizedFace f : faces) {
            boxes.add(f.face().box());
            ids.add(gallery.identify(f.embedding(), top, t));
        }
        return lines(p, boxes, ids);
    }

    /** The output lines for one image's faces (shared with {@code fr client identify}). */
    static List<Map<String, Object>> lines(Path p, List<BoundingBox> boxes, List<Identification> ids) {
        List<Map<String, Object>> lines = new ArrayList<>();
        if (boxes.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", p.toString());
            m.put("faces", 0);
            lines.add(m);
            return lines;
        }
        for (int i = 0; i < boxes.size(); i++) {
            Identification id = ids.get(i);
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (Match c : id.candidates()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("identity", c.identity());
                cm.put("similarity", JsonLines.round4(c.similarity()));
                candidates.add(cm);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", p.toString());
            m.put("face", i);
            m.put("box", JsonLines.box(boxes.get(i)));
            m.put("identity", id.identity().orElse(null));
            m.put("similarity", id.candidates().isEmpty() ? null : JsonLines.round4(id.candidates().get(0).similarity()));
            m.put("candidates", candidates);
            lines.add(m);
        }
        return lines;
    }

    /** Files as given; folders walked for image files (hidden ones skipped), each folder's in path order. */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isDirectory(in)) {
                out.add(in);
                continue;
            }
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(p -> !hidden(in.relativize(p))).filter(IdentifyCommand::isImage).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && PivotEnrollment.IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(p);
    }
}
