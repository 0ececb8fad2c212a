package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.fr.FaceEmbedder;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.analyze.Analysis;
import org.fr.analyze.FaceAnalyzer;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.enroll.EnrollmentReport;
import org.fr.gallery.enroll.FaceFilter;
import org.fr.gallery.enroll.PivotEnrollment;
import org.fr.gallery.solr.SolrGallery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr enroll --db FILE (--name NAME IMAGE... | --pivot-root DIR)}: adds people to a gallery file, creating it
 * when it does not exist (for the embedder's model and dimension, with the threshold calibrated for a false-match
 * rate of 1e-3, else the embedder's default), and saves it atomically. {@code --pivot-root DIR} enrols
 * {@code DIR/<person>/*.jpg} and {@code DIR/<person>.jpg} (also .jpeg, .png, .bmp) as identity {@code <person>}.
 * Earlier identities are kept; enrolling a known name adds embeddings to it.
 *
 * <p>Output, one JSON object per line: each problem first, in path order,
 * {@code {"image":P,"identity":N,"problem":"no face"|"2 faces"|"2 faces; took the largest"|"unreadable: ...","skipped":B}}
 * (a person folder with no image: {@code {"folder":P,"identity":N,"problem":"no image file","skipped":true}}); then
 * each identity enrolled, {@code {"identity":N,"enrolled":K,"embeddings":T,"db":FILE}} (K added now, T in all);
 * last a summary, {@code {"identities":I,"embeddings":E,"skipped":S,"images":N,"db_identities":DI,"db_embeddings":DE,"db":FILE}}
 * (I, E: enrolled by this run; DI, DE: in the saved file). Progress goes to stderr.
 *
 * <p>{@code --max-yaw DEG} skips faces turned more than DEG degrees (head pose by {@code fr-analyze}), reported as
 * {@code "problem":"turned 52 degrees (max 30)"}.
 *
 * <p>Problem images are not errors. When nothing at all could be enrolled the file is not written and the exit
 * code is 2. A gallery file of another model, or one that cannot be read, is bad input (exit 2) and is left as
 * it was.
 */
@Command(name = "enroll", description = "Add people to a gallery file from their photos.")
final class EnrollCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--db", required = true, paramLabel = GalleryDb.LABEL,
            description = "The gallery file (.json: JSON, else binary), or a SolrCloud collection; created if missing.")
    String dbOption;

    Path db;

    @Option(names = "--name", paramLabel = "NAME", description = "Enrol the IMAGEs as this person.")
    String name;

    @Option(names = "--pivot-root", paramLabel = "DIR", description = "Enrol DIR/<person>/*.jpg and DIR/<person>.jpg as <person>.")
    Path pivotRoot;

    @Option(names = "--multi", paramLabel = "largest|skip", defaultValue = "skip",
            description = "An image of several faces: skip it (default) or enrol its largest face; it is reported either way.")
    String multi;

    @Option(names = "--max-yaw", paramLabel = "DEG", description = "Skip faces turned more than DEG degrees left or right (head pose from fr-analyze); default: enrol every pose.")
    Float maxYaw;

    @Option(names = "--jobs", paramLabel = "N", description = "Images processed in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Images of the person named by --name.")
    List<Path> images = List.of();

    @Override
    public Integer call() throws Exception {
        if ((name == null) == (pivotRoot == null)) {
            throw new IllegalArgumentException("give either --name NAME IMAGE... or --pivot-root DIR");
        }
        if (name != null && images.isEmpty()) throw new IllegalArgumentException("--name " + name + " needs at least one IMAGE");
        if (pivotRoot != null && !images.isEmpty()) {
            throw new IllegalArgumentException("--pivot-root takes no IMAGE arguments (got " + images.get(0) + ")");
        }
        if (name != null && name.isBlank()) throw new IllegalArgumentException("--name must not be blank");
        PivotEnrollment.MultiFace multiFace = switch (multi.toLowerCase(Locale.ROOT)) {
            case "skip" -> PivotEnrollment.MultiFace.SKIP;
            case "largest" -> PivotEnrollment.MultiFace.LARGEST;
            default -> throw new IllegalArgumentException("--multi must be largest or skip, not " + multi);
        };
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1: " + jobs);
        if (maxYaw != null && !(maxYaw > 0 && maxYaw <= 90)) throw new IllegalArgumentException("--max-yaw must lie in (0, 90] degrees: " + maxYaw);
        GalleryDb target = GalleryDb.parse(dbOption);
        if (target.isSolr()) return enrollIntoSolr(target, multiFace);
        db = target.file();
        // Read what can be refused before any model is loaded: an unreadable gallery file, a missing pivot folder.
        GallerySnapshot existing = Files.exists(db) ? GalleryCommand.load(db) : null;
        PivotEnrollment.Scan scan = pivotRoot != null ? PivotEnrollment.scan(pivotRoot) : null;
        int total = scan != null ? scan.imageCount() : images.size();

        FaceRecognizer.Builder builder = models.builder();
        if (jobs > 1) builder.threads(1); // the parallelism is over images
        JsonLines out = new JsonLines(System.out);
        try (FaceRecognizer fr = builder.build();
             FaceAnalyzer pose = maxYaw != null ? FaceAnalyzer.builder().with(Analysis.POSE).build() : null;
             FlatGallery gallery = existing != null ? open(existing, fr.embedder()) : create(fr.embedder())) {
            EnrollmentReport report = enroll(fr, pose, multiFace, scan, total, gallery);
            if (report.embeddings() > 0) GalleryCommand.save(gallery, db);

            write(out, report, identity -> gallery.get(identity).map(i -> i.embeddings().size()).orElse(0),
                    gallery.size(), gallery.embeddingCount(), db.toString());
            if (report.embeddings() == 0) {
                System.err.println("fr enroll: no face was enrolled" + (report.images() == 0 ? " (no image found)" : "")
                        + "; " + db + (existing != null ? " was not changed" : " was not created"));
                return ExitCodes.BAD_INPUT;
            }
        }
        return ExitCodes.OK;
    }

    /** Runs the enrolment of the folder or the named images into {@code gallery}, with progress on stderr. */
    private EnrollmentReport enroll(FaceRecognizer fr, FaceAnalyzer pose, PivotEnrollment.MultiFace multiFace,
                                    PivotEnrollment.Scan scan, int total, Gallery gallery) {
        Progress progress = total > 0 ? new Progress("enroll", "images", total) : null;
        try {
            PivotEnrollment pe = PivotEnrollment.builder(fr).threads(jobs).multiFace(multiFace)
                    .filter(pose != null ? maxYawFilter(pose, maxYaw) : FaceFilter.ACCEPT_ALL)
                    .progress((done, all) -> progress.step()).build();
            return scan != null ? pe.enroll(scan, gallery) : pe.enroll(name, images, gallery);
        } finally {
            if (progress != null) progress.close();
        }
    }

    /**
     * Enrols into a SolrCloud gallery (collection created if missing): every enrolment is durable when acknowledged,
     * so there is no file to save; the output lines are those of a file gallery, with the address as "db".
     */
    private int enrollIntoSolr(GalleryDb address, PivotEnrollment.MultiFace multiFace) throws Exception {
        PivotEnrollment.Scan scan = pivotRoot != null ? PivotEnrollment.scan(pivotRoot) : null;
        int total = scan != null ? scan.imageCount() : images.size();
        FaceRecognizer.Builder builder = models.builder();
        if (jobs > 1) builder.threads(1); // the parallelism is over images
        JsonLines out = new JsonLines(System.out);
        try (FaceRecognizer fr = builder.build();
             FaceAnalyzer pose = maxYaw != null ? FaceAnalyzer.builder().with(Analysis.POSE).build() : null;
             SolrGallery gallery = address.openSolr(fr.embedder())) {
            EnrollmentReport report = enroll(fr, pose, multiFace, scan, total, gallery);
            write(out, report, identity -> gallery.get(identity).map(i -> i.embeddings().size()).orElse(0),
                    gallery.size(), gallery.embeddingCount(), address.toString());
            if (report.embeddings() == 0) {
                System.err.println("fr enroll: no face was enrolled" + (report.images() == 0 ? " (no image found)" : "")
                        + "; " + address + " was not changed");
                return ExitCodes.BAD_INPUT;
            }
        }
        return ExitCodes.OK;
    }

    /** Refuses faces whose yaw exceeds {@code max} degrees either way, naming the angle. */
    static FaceFilter maxYawFilter(FaceAnalyzer pose, float max) {
        return (image, face) -> {
            float yaw = pose.analyze(image, face).pose().yaw();
            return Math.abs(yaw) > max
                    ? Optional.of(String.format(Locale.ROOT, "turned %.0f degrees (max %s)", yaw, JsonLines.round(max)))
                    : Optional.empty();
        };
    }

    /**
     * Writes the report's lines (shared with {@code fr client enroll}): the problems, each identity enrolled (with
     * its embeddings in all, from {@code embeddingsOf}), the summary.
     */
    static void write(JsonLines out, EnrollmentReport report, java.util.function.ToIntFunction<String> embeddingsOf,
                      int dbIdentities, int dbEmbeddings, String db) {
        for (EnrollmentReport.Problem p : report.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(p.kind() == EnrollmentReport.Kind.EMPTY_FOLDER ? "folder" : "image", p.path().toString());
            m.put("identity", p.identity());
            m.put("problem", p.reason());
            m.put("skipped", p.skipped());
            out.write(m);
        }
        for (var e : report.enrolled().entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("identity", e.getKey());
            m.put("enrolled", e.getValue());
            m.put("embeddings", embeddingsOf.applyAsInt(e.getKey()));
            m.put("db", db);
            out.write(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identities", report.identities());
        m.put("embeddings", report.embeddings());
        m.put("skipped", report.skipped());
        m.put("images", report.images());
        m.put("db_identities", dbIdentities);
        m.put("db_embeddings", dbEmbeddings);
        m.put("db", db);
        out.write(m);
    }

    private FlatGallery open(GallerySnapshot s, FaceEmbedder embedder) {
        GalleryCommand.requireSameModel(s, db, embedder);
        return FlatGallery.of(s);
    }

    /** A new gallery for the embedder, at its 1e-3 false-match-rate threshold when calibrated, else its default. */
    static FlatGallery create(FaceEmbedder embedder) {
        return FlatGallery.builder(embedder.modelId(), embedder.dimension()).threshold(newGalleryThreshold(embedder)).build();
    }

    static float newGalleryThreshold(FaceEmbedder embedder) {
        Float t = embedder.calibratedThresholds().get(1e-3);
        return t != null ? t : embedder.defaultThreshold();
    }
}
