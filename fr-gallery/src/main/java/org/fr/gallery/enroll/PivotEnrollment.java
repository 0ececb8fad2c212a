package org.fr.gallery.enroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.FrException;
import org.fr.Gallery;
import org.fr.InvalidImageException;
import org.fr.RgbImage;

/**
 * Enrols people into a {@link Gallery} from image files: a pivot folder laid out as {@code DIR/<person>/*.jpg}
 * (one identity per folder, any number of images) and/or {@code DIR/<person>.jpg} (one image per identity), or a
 * list of images of one named person. Images are read, detected and embedded in parallel on a fixed pool of
 * {@link Builder#threads threads} sharing one (thread-safe) {@link FaceRecognizer}.
 *
 * <p>It reports rather than guesses: an image with no face, with several faces, or that cannot be decoded is
 * listed in the {@link EnrollmentReport} with its path and the reason, and skipped; the rest are enrolled. Under
 * {@link MultiFace#LARGEST} an image with several faces contributes its largest face instead, and is still listed
 * (as not skipped), so the choice can be checked.
 *
 * <p>Each identity is enrolled with one {@link Gallery#enroll(String, List, Map)} call after all images are
 * processed, its embeddings in path order, with metadata {@code source.<i>} = the absolute path of the image of
 * the identity's {@code i}-th embedding (counting any it already had). A failure that is not about one image
 * (the model failing, an I/O error listing the folder, an interruption) aborts the whole run before anything is
 * enrolled.
 *
 * <p>Instances are immutable and thread-safe; each call uses its own thread pool.
 */
public final class PivotEnrollment {
    /** The image file extensions scanned for (compared case-insensitively). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    /** What to do with an image showing several faces. */
    public enum MultiFace {
        /** Skip it and report it (the default: a pivot photo should show one person). */
        SKIP,
        /** Enrol its largest face (by box area) and report that this was done. */
        LARGEST
    }

    /** Told after each image is processed; may be called from pool threads, but never by two at once. */
    @FunctionalInterface
    public interface ProgressListener {
        ProgressListener NONE = (done, total) -> {};

        /** {@code done} images of {@code total} are processed (1-based, increasing). */
        void imageDone(int done, int total);
    }

    /**
     * The images found in a pivot folder.
     *
     * @param root         the folder scanned
     * @param images       the images of each identity, identities sorted, images in path order
     * @param emptyFolders person folders that hold no image file
     */
    public record Scan(Path root, SortedMap<String, List<Path>> images, List<Path> emptyFolders) {
        public Scan {
            Objects.requireNonNull(root, "root");
            TreeMap<String, List<Path>> copy = new TreeMap<>();
            images.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            images = Collections.unmodifiableSortedMap(copy);
            emptyFolders = List.copyOf(emptyFolders);
        }

        /** The number of images over all identities. */
        public int imageCount() { return images.values().stream().mapToInt(List::size).sum(); }
    }

    private final FaceRecognizer recognizer;
    private final int threads;
    private final MultiFace multiFace;
    private final ProgressListener progress;
    private final FaceFilter filter;

    private PivotEnrollment(Builder b) {
        this.recognizer = b.recognizer;
        this.threads = b.threads;
        this.multiFace = b.multiFace;
        this.progress = b.progress;
        this.filter = b.filter;
    }

    /** A builder for enrolments with this recognizer (shared by all threads; not closed here). */
    public static Builder builder(FaceRecognizer recognizer) { return new Builder(recognizer); }

    public int threads() { return threads; }

    public MultiFace multiFace() { return multiFace; }

    /**
     * Lists a pivot folder: each sub-folder {@code DIR/<person>/} gives identity {@code <person>} with the image
     * files directly in it; each image file {@code DIR/<person>.<ext>} gives identity {@code <person>} (the name
     * without its last extension). A folder and a file of the same name add to the same identity. Only files with
     * an {@linkplain #IMAGE_EXTENSIONS image extension} count; other files, deeper folders and hidden entries
     * (names starting with a dot) are ignored.
     *
     * @throws IllegalArgumentException if {@code root} is not a folder
     * @throws UncheckedIOException     if a folder cannot be listed
     */
    public static Scan scan(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("pivot root " + root + (Files.exists(root) ? " is not a folder" : " does not exist"));
        }
        TreeMap<String, List<Path>> images = new TreeMap<>();
        List<Path> empty = new ArrayList<>();
        try {
            for (Path entry : sortedEntries(root)) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) continue;
                if (Files.isDirectory(entry)) {
                    List<Path> files = new ArrayList<>();
                    for (Path f : sortedEntries(entry)) {
                        if (isImageFile(f)) files.add(f);
                    }
                    if (files.isEmpty()) empty.add(entry);
                    else images.computeIfAbsent(name, k -> new ArrayList<>()).addAll(files);
                } else if (isImageFile(entry)) {
                    images.computeIfAbsent(baseName(name), k -> new ArrayList<>()).add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the pivot folder " + root + ": " + e.getMessage(), e);
        }
        images.values().forEach(l -> l.sort(null));
        // An empty folder whose identity also has a DIR/<person>.jpg is not a loss.
        empty.removeIf(f -> images.containsKey(f.getFileName().toString()));
        return new Scan(root, images, empty);
    }

    /** Whether the path is a regular, non-hidden file with an image extension. */
    static boolean isImageFile(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(p);
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) out.add(p);
        }
        out.sort(null);
        return out;
    }

    /** Scans the pivot folder and enrols everyone in it; see {@link #scan} and {@link #enroll(Scan, Gallery)}. */
    public EnrollmentReport enrollFolder(Path root, Gallery gallery) {
        return enroll(scan(root), gallery);
    }

    /**
     * Enrols the images of one person (duplicates, by absolute path, are used once).
     *
     * @throws IllegalArgumentException if the identity is blank, there is no image, or the gallery is of another
     *                                  model or dimension than the recognizer's embedder
     */
    public EnrollmentReport enroll(String identity, List<Path> images, Gallery gallery) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("the identity name must not be blank");
        if (images.isEmpty()) throw new IllegalArgumentException("no image given for " + identity);
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> unique = new ArrayList<>();
        for (Path p : images) if (seen.add(p.toAbsolutePath().normalize())) unique.add(p);
        return run(new TreeMap<>(Map.of(identity, unique)), List.of(), gallery);
    }

    /**
     * Enrols the scanned images; empty person folders are reported as {@link EnrollmentReport.Kind#EMPTY_FOLDER}.
     *
     * @throws IllegalArgumentException if the gallery is of another model or dimension than the recognizer's
     *                                  embedder
     */
    public EnrollmentReport enroll(Scan scan, Gallery gallery) {
        return run(scan.images(), scan.emptyFolders(), gallery);
    }

    private record Task(String identity, Path image) {}

    /** One image's outcome: an embedding, a problem, or both (the largest of several faces). */
    private record Outcome(Embedding embedding, EnrollmentReport.Problem problem) {}

    private EnrollmentReport run(SortedMap<String, List<Path>> byIdentity, List<Path> emptyFolders, Gallery gallery) {
        Objects.requireNonNull(gallery, "gallery");
        String model = recognizer.embedder().modelId();
        int dim = recognizer.embedder().dimension();
        if (!gallery.modelId().equals(model) || gallery.dimension() != dim) {
            throw new IllegalArgumentException("the gallery holds embeddings of model " + gallery.modelId() + "/"
                    + gallery.dimension() + " but the embedder makes " + model + "/" + dim);
        }
        List<Task> tasks = new ArrayList<>();
        byIdentity.forEach((id, paths) -> {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("an identity name must not be blank");
            for (Path p : paths) tasks.add(new Task(id, p));
        });
        Outcome[] outcomes = processAll(tasks);

        List<EnrollmentReport.Problem> problems = new ArrayList<>();
        for (Path f : emptyFolders) {
            problems.add(new EnrollmentReport.Problem(f, f.getFileName().toString(), EnrollmentReport.Kind.EMPTY_FOLDER,
                    "no image file", true));
        }
        Map<String, List<Embedding>> embeddings = new LinkedHashMap<>();
        Map<String, List<Path>> sources = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Outcome o = outcomes[i];
            if (o.problem() != null) problems.add(o.problem());
            if (o.embedding() != null) {
                embeddings.computeIfAbsent(t.identity(), k -> new ArrayList<>()).add(o.embedding());
                sources.computeIfAbsent(t.identity(), k -> new ArrayList<>()).add(t.image());
            }
        }
        problems.sort((a, b) -> a.path().compareTo(b.path()));

        TreeMap<String, Integer> enrolled = new TreeMap<>();
        for (var e : embeddings.entrySet()) {
            String id = e.getKey();
            int before = gallery.get(id).map(g -> g.embeddings().size()).orElse(0);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Path> src = sources.get(id);
            for (int j = 0; j < src.size(); j++) {
                metadata.put("source." + (before + j), src.get(j).toAbsolutePath().normalize().toString());
            }
            gallery.enroll(id, e.getValue(), metadata);
            enrolled.put(id, e.getValue().size());
        }
        return new EnrollmentReport(enrolled, problems, tasks.size());
    }

    private Outcome[] processAll(List<Task> tasks) {
        Outcome[] outcomes = new Outcome[tasks.size()];
        if (tasks.isEmpty()) return outcomes;
        int total = tasks.size();
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, total), daemonThreads());
        try {
            List<Future<?>> futures = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    outcomes[index] = process(tasks.get(index));
                    synchronized (progressLock) {
                        progress.imageDone(done.incrementAndGet(), total);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new FrException("enrolment failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FrException("enrolment interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fr-enroll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Outcome process(Task t) {
        RgbImage img;
        try {
            img = recognizer.read(t.image());
        } catch (InvalidImageException e) {
            return problem(t, EnrollmentReport.Kind.UNREADABLE, "unreadable: " + decoderProblem(e), true);
        }
        List<DetectedFace> faces = recognizer.detect(img);
        List<DetectedFace> alignable = faces.stream().filter(f -> f.landmarks() != null).toList();
        if (alignable.isEmpty()) {
            String reason = faces.isEmpty() ? "no face"
                    : "no face with landmarks (" + faces.size() + " found by " + recognizer.detector().name() + ")";
            return problem(t, EnrollmentReport.Kind.NO_FACE, reason, true);
        }
        if (faces.size() > 1) {
            if (multiFace == MultiFace.SKIP) {
                return problem(t, EnrollmentReport.Kind.SEVERAL_FACES, faces.size() + " faces", true);
            }
            DetectedFace largest = FaceRecognizer.largest(alignable).orElseThrow();
            Optional<String> refused = filter.reject(img, largest);
            if (refused.isPresent()) {
                return problem(t, EnrollmentReport.Kind.REJECTED, faces.size() + " faces; the largest " + refused.get(), true);
            }
            Embedding e = recognizer.embedFaces(img, List.of(largest)).get(0).embedding();
            return new Outcome(e, new EnrollmentReport.Problem(t.image(), t.identity(), EnrollmentReport.Kind.SEVERAL_FACES,
                    faces.size() + " faces; took the largest", false));
        }
        Optional<String> refused = filter.reject(img, alignable.get(0));
        if (refused.isPresent()) return problem(t, EnrollmentReport.Kind.REJECTED, refused.get(), true);
        return new Outcome(recognizer.embedFaces(img, alignable).get(0).embedding(), null);
    }

    private static Outcome problem(Task t, EnrollmentReport.Kind kind, String reason, boolean skipped) {
        return new Outcome(null, new EnrollmentReport.Problem(t.image(), t.identity(), kind, reason, skipped));
    }

    /** The decoder's message without the file name it starts with (the report already names the file). */
    static String decoderProblem(InvalidImageException e) {
        String m = e.getMessage() == null ? "invalid image" : e.getMessage();
        String prefix = e.source() + ": ";
        if (e.source() != null && m.startsWith(prefix)) m = m.substring(prefix.length());
        return m.replace('\n', ' ');
    }

    /** Builds a {@link PivotEnrollment}. Not thread-safe. */
    public static final class Builder {
        private final FaceRecognizer recognizer;
        private int threads = Runtime.getRuntime().availableProcessors();
        private MultiFace multiFace = MultiFace.SKIP;
        private ProgressListener progress = ProgressListener.NONE;
        private FaceFilter filter = FaceFilter.ACCEPT_ALL;

        private Builder(FaceRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        }

        /** Images processed at once (default: the number of cores). */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
            this.threads = threads;
            return this;
        }

        /** What to do with images of several faces (default {@link MultiFace#SKIP}). */
        public Builder multiFace(MultiFace multiFace) {
            this.multiFace = Objects.requireNonNull(multiFace, "multiFace");
            return this;
        }

        /** Refuses faces unfit to enrol, each reported as a skipped image (default: accept all). */
        public Builder filter(FaceFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Told after each image (default: nobody). */
        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public PivotEnrollment build() { return new PivotEnrollment(this); }
    }
}
