package org.fr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.grpc.StatusRuntimeException;
import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Identification;
import org.fr.InvalidImageException;
import org.fr.client.EnrollResult;
import org.fr.client.Enrollment;
import org.fr.client.FrClient;
import org.fr.client.GalleryListing;
import org.fr.client.IdentifiedFace;
import org.fr.gallery.enroll.EnrollmentReport;
import org.fr.gallery.enroll.PivotEnrollment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The subcommands of {@link ClientCommand}; each prints the lines of the local command of the same name. */
final class ClientCommands {
    private ClientCommands() {}

    /** Runs a call, turning the server's status into the command line's exceptions. */
    static <T> T remote(ClientCommand parent, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw parent.translate(e);
        }
    }

    /** An image file's bytes; a missing or unreadable file is bad input naming it. */
    static byte[] read(Path p) {
        try {
            if (Files.isDirectory(p)) throw new InvalidImageException(p.toString(), "is a directory, not an image file");
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(p.toString(), "no such file", e);
        } catch (IOException e) {
            throw new InvalidImageException(p.toString(), "cannot read file (" + e.getMessage() + ")", e);
        }
    }

    @Command(name = "detect", description = "Find faces in images, on the server.")
    static final class Detect implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "IMAGE", arity = "1..*")
        List<Path> images;

        @Override
        public Integer call() {
            JsonLines out = new JsonLines(System.out);
            try (FrClient c = parent.connect()) {
                return EachImage.run("client detect", images, p -> {
                    byte[] bytes = read(p);
                    long t0 = System.nanoTime();
                    List<DetectedFace> faces = remote(parent, () -> c.detect(bytes, p.toString()));
                    out.write(DetectCommand.line(p, faces, (System.nanoTime() - t0) / 1e6));
                });
            }
        }
    }

    @Command(name = "embed", description = "Print the embedding of every face in images, computed on the server.")
    static final class Embed implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Parameters(paramLabel = "IMAGE", arity = "1..*")
        List<Path> images;

        @Override
        public Integer call() {
            JsonLines out = new JsonLines(System.out);
            try (FrClient c = parent.connect()) {
                String model = remote(parent, c::listIdentities).modelId();
                return EachImage.run("client embed", images,
                        p -> out.write(EmbedCommand.line(p, model, remote(parent, () -> c.embed(read(p), p.toString(), false)))));
            }
        }
    }

    @Command(name = "verify", description = "Tell whether the largest faces of two images show the same person, on the server.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--threshold", paramLabel = "COS", description = "Cosine threshold (default: the server's).")
        Float threshold;

        @Parameters(index = "0", paramLabel = "IMAGE_A")
        Path a;

        @Parameters(index = "1", paramLabel = "IMAGE_B")
        Path b;

        @Override
        public Integer call() {
            if (threshold != null && !(threshold >= -1f && threshold <= 1f)) {
                throw new IllegalArgumentException("--threshold must lie in [-1, 1]: " + threshold);
            }
            byte[] ba = read(a), bb = read(b);
            try (FrClient c = parent.connect()) {
                new JsonLines(System.out).write(VerifyCommand.line(
                        remote(parent, () -> c.verify(ba, a.toString(), bb, b.toString(), threshold)), a, b));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "identify", description = "Name the faces in images from the server's gallery.")
    static final class Identify implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--threshold", paramLabel = "COS", description = "Cosine similarity threshold (default: the gallery's).")
        Float threshold;

        @Option(names = "--distance-threshold", paramLabel = "D2", description = "The threshold as a squared L2 distance between unit embeddings (cosine = 1 - D2/2).")
        Double distanceThreshold;

        @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Candidates listed per face (default: ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--jobs", paramLabel = "N", defaultValue = "4", description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
        int jobs;

        @Parameters(paramLabel = "IMAGE|DIR", arity = "1..*", description = "Image files, or folders to search for images.")
        List<Path> inputs;

        @Override
        public Integer call() throws Exception {
            if (top < 1) throw new IllegalArgumentException("--top must be at least 1: " + top);
            if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1: " + jobs);
            Float cosine = IdentifyCommand.threshold(threshold, distanceThreshold);
            List<Path> images = IdentifyCommand.expand(inputs);
            if (images.isEmpty()) throw new IllegalArgumentException("no image file found in " + inputs);
            JsonLines out = new JsonLines(System.out);
            int code = ExitCodes.OK;
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, images.size()));
            try (FrClient c = parent.connect()) {
                List<Future<List<Map<String, Object>>>> futures = new ArrayList<>();
                for (Path p : images) {
                    futures.add(pool.submit(() -> {
                        List<IdentifiedFace> faces = remote(parent, () -> c.identify(read(p), p.toString(), top, cosine));
                        List<BoundingBox> boxes = new ArrayList<>();
                        List<Identification> ids = new ArrayList<>();
                        for (IdentifiedFace f : faces) {
                            boxes.add(f.face().box());
                            ids.add(f.identification());
                        }
                        return IdentifyCommand.lines(p, boxes, ids);
                    }));
                }
                for (int i = 0; i < images.size(); i++) {
                    try {
                        for (Map<String, Object> line : futures.get(i).get()) out.write(line);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof RuntimeException bad) || Main.exitCode(bad) != ExitCodes.BAD_INPUT) {
                            throw e.getCause() instanceof Exception ex ? ex : e;
                        }
                        System.err.println("fr client identify: " + Main.oneLine(bad));
                        code = Math.max(code, ExitCodes.BAD_INPUT);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            return code;
        }
    }

    @Command(name = "enroll", description = "Add people to the server's gallery from their photos.")
    static final class Enroll implements Callable<Integer> {
        @ParentCommand
        ClientCommand parent;

        @Option(names = "--name", paramLabel = "NAME", description = "Enrol the IMAGEs as this person.")
        String name;

        @Option(names = "--pivot-root", paramLabel = "DIR", description = "Enrol DIR/<person>/*.jpg and DIR/<person>.jpg as <person>.")
        Path pivotRoot;

        @Option(names = "--multi", paramLabel = "largest|skip", defaultValue = "skip",
                description = "An image of several faces: skip it (default) or enrol its largest face; it is reported either way.")
        String multi;

        @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Images of the person named by --name.")
        List<Path> images = List.of();

        @Override
        public Integer call() {
            if ((name == null) == (pivotRoot == null)) throw new IllegalArgumentException("give either --name NAME IMAGE... or --pivot-root DIR");
            if (name != null && images.isEmpty()) throw new IllegalArgumentException("--name " + name + " needs at least one IMAGE");
            if (pivotRoot != null && !images.isEmpty()) {
                throw new IllegalArgumentException("--pivot-root takes no IMAGE arguments (got " + images.get(0) + ")");
            }
            if (name != null && name.isBlank()) throw new IllegalArgumentException("--name must not be blank");
            boolean largest = switch (multi.toLowerCase(Locale.ROOT)) {
                case "skip" -> false;
                case "largest" -> true;
                default -> throw new IllegalArgumentException("--multi must be largest or skip, not " + multi);
            };
            // The same work list as fr enroll: (identity, image) in path order.
            List<String> identities = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<EnrollmentReport.Problem> problems = new ArrayList<>();
            if (pivotRoot != null) {
                PivotEnrollment.Scan scan = PivotEnrollment.scan(pivotRoot);
                scan.images().forEach((who, paths) -> paths.forEach(p -> {
                    identities.add(who);
                    files.add(p);
                }));
                for (Path f : scan.emptyFolders()) {
                    problems.add(new EnrollmentReport.Problem(f, f.getFileName().toString(), EnrollmentReport.Kind.EMPTY_FOLDER, "no image file", true));
                }
            } else {
                for (Path p : images) {
                    identities.add(name);
                    files.add(p);
                }
            }
            List<Enrollment> batch = new ArrayList<>();
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                byte[] bytes;
                try {
                    bytes = read(files.get(i));
                } catch (InvalidImageException e) {
                    problems.add(new EnrollmentReport.Problem(files.get(i), identities.get(i), EnrollmentReport.Kind.UNREADABLE,
                            "unreadable: " + e.getMessage().substring(e.source().length() + 2), true));
                    continue;
                }
                batch.add(Enrollment.ofImage(identities.get(i), bytes, files.get(i).getFileName().toString()).withLargestFace(largest));
                sent.add(i);
            }
            JsonLines out = new JsonLines(System.out);
            try (FrClient c = parent.connect()) {
                List<EnrollResult> results;
                try (Progress progress = batch.isEmpty() ? null : new Progress("client enroll", "images", batch.size())) {
                    results = remote(parent, () -> c.enroll(batch, r -> progress.step()));
                }
                TreeMap<String, Integer> enrolled = new TreeMap<>();
                for (int k = 0; k < results.size(); k++) {
                    EnrollResult r = results.get(k);
                    int i = sent.get(k);
                    if (r.enrolled()) enrolled.merge(r.identity(), 1, Integer::sum);
                    if (!r.problem().isEmpty()) {
                        problems.add(new EnrollmentReport.Problem(files.get(i), identities.get(i), kind(r.problem()), r.problem(), !r.enrolled()));
                    }
                }
                problems.sort((x, y) -> x.path().compareTo(y.path()));
                EnrollmentReport report = new EnrollmentReport(enrolled, problems, files.size());
                GalleryListing listing = remote(parent, c::listIdentities);
                Map<String, Integer> counts = new TreeMap<>();
                for (GalleryListing.Identity id : listing.identities()) counts.put(id.name(), id.embeddings());
                EnrollCommand.write(out, report, who -> counts.getOrDefault(who, 0), listing.identities().size(),
                        listing.embeddingCount(), parent.server);
                if (report.embeddings() == 0) {
                    System.err.println("fr client enroll: no face was enrolled" + (report.images() == 0 ? " (no image found)" : "")
                            + "; the server's gallery was not changed");
                    return ExitCodes.BAD_INPUT;
                }
            }
            return ExitCodes.OK;
        }

        private static EnrollmentReport.Kind kind(String problem) {
            if (problem.startsWith("unreadable")) return EnrollmentReport.Kind.UNREADABLE;
            if (problem.startsWith("no face")) return EnrollmentReport.Kind.NO_FACE;
            return EnrollmentReport.Kind.SEVERAL_FACES;
        }
    }
}
