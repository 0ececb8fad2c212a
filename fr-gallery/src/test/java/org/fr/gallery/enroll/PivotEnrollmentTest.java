package org.fr.gallery.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.fr.AlignedFace;
import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceAligner;
import org.fr.FaceDetector;
import org.fr.FaceEmbedder;
import org.fr.FaceRecognizer;
import org.fr.FrException;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Landmarks;
import org.fr.Match;
import org.fr.Point;
import org.fr.RgbImage;
import org.fr.Verification;
import org.fr.gallery.enroll.EnrollmentReport.Kind;
import org.fr.gallery.enroll.EnrollmentReport.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PivotEnrollment with a fake detector and embedder, so every outcome is known in advance. A test image is a PNG
 * whose pixel (0,0) holds the number of faces in its red channel; face 0 is a 140x140 square at (10,10), face 1 a
 * 112x112 square at (160,10), each filled with its person's colour. The fake embedder's embedding is the colour at
 * the centre of the aligned crop, so an embedding tells which face was aligned.
 */
class PivotEnrollmentTest {
    private static final String MODEL = "fake/colour";
    private static final Color ALICE = new Color(220, 20, 20), BOB = new Color(20, 220, 20), CAROL = new Color(20, 20, 220);

    // ---- fakes ----

    static final class FakeDetector implements FaceDetector {
        final AtomicInteger calls = new AtomicInteger(), active = new AtomicInteger(), maxActive = new AtomicInteger();
        final Map<String, Boolean> threads = new ConcurrentHashMap<>();
        volatile long sleepMs;

        @Override public String name() { return "fake"; }

        @Override
        public List<DetectedFace> detect(RgbImage image) {
            calls.incrementAndGet();
            threads.put(Thread.currentThread().getName(), true);
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                if (sleepMs > 0) Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.decrementAndGet();
            }
            int n = image.get(0, 0, 0);
            List<DetectedFace> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(face(i == 0 ? 10 : 160, 10, i == 0 ? 140 : 112));
            return out;
        }

        private static DetectedFace face(float x, float y, float size) {
            float s = size / AlignedFace.SIZE;
            float[] xy = new float[2 * Landmarks.COUNT];
            for (int i = 0; i < Landmarks.COUNT; i++) {
                Point p = FaceAligner.ARCFACE_TEMPLATE.get(i);
                xy[2 * i] = x + p.x() * s;
                xy[2 * i + 1] = y + p.y() * s;
            }
            return new DetectedFace(new BoundingBox(x, y, x + size, y + size), 0.9f, Landmarks.of(xy));
        }

        @Override public void close() {}
    }

    static final class FakeEmbedder implements FaceEmbedder {
        final String model;
        final int dim;
        volatile boolean failOnBlue;

        FakeEmbedder(String model, int dim) {
            this.model = model;
            this.dim = dim;
        }

        @Override public String modelId() { return model; }
        @Override public int dimension() { return dim; }
        @Override public float defaultThreshold() { return 0.5f; }

        @Override
        public Embedding embed(AlignedFace face) {
            RgbImage img = face.image();
            int r = img.get(56, 56, 0), g = img.get(56, 56, 1), b = img.get(56, 56, 2);
            if (failOnBlue && b > 150) throw new FrException("fake model failure");
            return colour(model, new Color(r, g, b));
        }

        @Override
        public List<Embedding> embedAll(List<AlignedFace> faces) {
            return faces.stream().map(this::embed).toList();
        }

        @Override public void close() {}
    }

    static Embedding colour(String model, Color c) {
        return Embedding.normalised(model, new float[] {c.getRed() + 1, c.getGreen() + 1, c.getBlue() + 1});
    }

    /** A minimal exact gallery, recording each enrol call. */
    static final class MapGallery implements Gallery {
        final String model;
        final int dim;
        final TreeMap<String, GalleryIdentity> ids = new TreeMap<>();
        final List<String> enrolCalls = new CopyOnWriteArrayList<>();

        MapGallery(String model, int dim) {
            this.model = model;
            this.dim = dim;
        }

        @Override public String modelId() { return model; }
        @Override public int dimension() { return dim; }
        @Override public float threshold() { return 0.5f; }
        @Override public Scoring scoring() { return Scoring.MAX; }

        @Override
        public synchronized void enroll(String identity, List<Embedding> embeddings, Map<String, String> metadata) {
            enrolCalls.add(identity);
            GalleryIdentity old = ids.get(identity);
            List<Embedding> es = new ArrayList<>(old == null ? List.of() : old.embeddings());
            es.addAll(embeddings);
            Map<String, String> md = new TreeMap<>(old == null ? Map.of() : old.metadata());
            md.putAll(metadata);
            ids.put(identity, new GalleryIdentity(identity, es, md));
        }

        @Override public synchronized boolean remove(String identity) { return ids.remove(identity) != null; }
        @Override public boolean rename(String from, String to) { throw new UnsupportedOperationException(); }
        @Override public synchronized List<String> identities() { return List.copyOf(ids.keySet()); }
        @Override public synchronized Optional<GalleryIdentity> get(String identity) { return Optional.ofNullable(ids.get(identity)); }
        @Override public synchronized int size() { return ids.size(); }

        @Override
        public synchronized int embeddingCount() {
            return ids.values().stream().mapToInt(i -> i.embeddings().size()).sum();
        }

        @Override
        public synchronized List<Match> search(Embedding probe, int k) {
            List<Match> all = new ArrayList<>();
            for (GalleryIdentity id : ids.values()) {
                all.add(new Match(id.name(), (float) id.embeddings().stream().mapToDouble(probe::cosine).max().orElse(-1)));
            }
            all.sort(Comparator.comparingDouble(Match::similarity).reversed().thenComparing(Match::identity));
            return all.subList(0, Math.min(k, all.size()));
        }

        @Override
        public Verification verify(Embedding probe, String identity) { throw new UnsupportedOperationException(); }
    }

    private final FakeDetector detector = new FakeDetector();
    private final FakeEmbedder embedder = new FakeEmbedder(MODEL, 3);
    private final FaceRecognizer recognizer = FaceRecognizer.builder().detector(detector).embedder(embedder).build();

    // ---- test images ----

    /** Writes a test image with the given face colours (0, 1 or 2 of them) in the format of the extension. */
    static Path image(Path file, Color... faces) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(300, 160, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 300, 160);
        if (faces.length > 0) {
            g.setColor(faces[0]);
            g.fillRect(10, 10, 140, 140);
        }
        if (faces.length > 1) {
            g.setColor(faces[1]);
            g.fillRect(160, 10, 112, 112);
        }
        g.dispose();
        img.setRGB(0, 0, new Color(faces.length, 0, 0).getRGB());
        String name = file.getFileName().toString().toLowerCase();
        String format = name.endsWith(".bmp") ? "bmp" : "png"; // .jpg names hold PNG data: lossless, and sniffed
        assertThat(ImageIO.write(img, format, file.toFile())).isTrue();
        return file;
    }

    /**
     * root/alice/{a1.png, a2.png, blank.png (no face), two.png (carol large + bob), notes.jpg (text)}, root/bob.png,
     * root/empty/ (no image).
     */
    private static Path pivots(Path root) throws Exception {
        image(root.resolve("alice/a1.png"), ALICE);
        image(root.resolve("alice/a2.png"), ALICE);
        image(root.resolve("alice/blank.png"));
        image(root.resolve("alice/two.png"), CAROL, BOB);
        Files.writeString(root.resolve("alice/notes.jpg"), "this is not an image\n");
        image(root.resolve("bob.png"), BOB);
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    // ---- tests ----

    @Test
    void scanFindsPersonFoldersAndPersonFiles(@TempDir Path root) throws Exception {
        image(root.resolve("alice/a1.png"), ALICE);
        image(root.resolve("alice/a2.JPG"), ALICE);
        image(root.resolve("alice/a3.jpeg"), ALICE);
        image(root.resolve("alice/a4.bmp"), ALICE);
        Files.writeString(root.resolve("alice/readme.txt"), "notes");
        image(root.resolve("alice/.hidden.png"), ALICE);
        image(root.resolve("alice/deeper/x.png"), ALICE);
        image(root.resolve("bob.smith.jpg"), BOB);
        image(root.resolve("carol.png"), CAROL);
        image(root.resolve("carol/c1.png"), CAROL);
        image(root.resolve(".git/x.png"), CAROL);
        Files.createDirectories(root.resolve("dave"));
        Files.writeString(root.resolve("dave/list.txt"), "nothing");
        Files.createDirectories(root.resolve("erin"));
        Files.writeString(root.resolve("notes.txt"), "top-level text");

        PivotEnrollment.Scan scan = PivotEnrollment.scan(root);
        assertThat(scan.images().keySet()).containsExactly("alice", "bob.smith", "carol");
        assertThat(scan.images().get("alice")).extracting(p -> p.getFileName().toString())
                .containsExactly("a1.png", "a2.JPG", "a3.jpeg", "a4.bmp");
        assertThat(scan.images().get("bob.smith")).containsExactly(root.resolve("bob.smith.jpg"));
        assertThat(scan.images().get("carol")).containsExactlyInAnyOrder(root.resolve("carol.png"), root.resolve("carol/c1.png"));
        assertThat(scan.emptyFolders()).containsExactly(root.resolve("dave"), root.resolve("erin"));
        assertThat(scan.imageCount()).isEqualTo(7);
    }

    @Test
    void scanRefusesAMissingRootOrAFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PivotEnrollment.scan(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing").hasMessageContaining("does not exist");
        Path file = image(dir.resolve("x.png"), ALICE);
        assertThatThrownBy(() -> PivotEnrollment.scan(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void aFilterRefusesFacesAndNamesTheReason(@TempDir Path dir) throws Exception {
        Path root = pivots(dir.resolve("pivots"));
        MapGallery gallery = new MapGallery(MODEL, 3);
        // Refuse green faces (bob): the filter sees the image and the face it would enrol.
        FaceFilter noGreen = (image, face) -> {
            int x = (int) face.box().x1() + 5, y = (int) face.box().y1() + 5;
            return image.get(x, y, 1) > 200 ? java.util.Optional.of("green face") : java.util.Optional.empty();
        };
        EnrollmentReport r = PivotEnrollment.builder(recognizer).threads(2).multiFace(PivotEnrollment.MultiFace.LARGEST)
                .filter(noGreen).build().enrollFolder(root, gallery);
        assertThat(r.enrolled()).containsExactly(Map.entry("alice", 3));
        assertThat(r.problems(Kind.REJECTED)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(root.resolve("bob.png"));
            assertThat(p.reason()).isEqualTo("green face");
            assertThat(p.skipped()).isTrue();
        });
        assertThat(gallery.get("bob")).isEmpty();
    }

    @Test
    void enrolsTheGoodImagesAndReportsEveryProblem(@TempDir Path dir) throws Exception {
        Path root = pivots(dir.resolve("pivots"));
        MapGallery gallery = new MapGallery(MODEL, 3);
        EnrollmentReport r = PivotEnrollment.builder(recognizer).threads(2).build().enrollFolder(root, gallery);

        assertThat(r.enrolled()).containsExactly(Map.entry("alice", 2), Map.entry("bob", 1));
        assertThat(r.images()).isEqualTo(6);
        assertThat(r.identities()).isEqualTo(2);
        assertThat(r.embeddings()).isEqualTo(3);
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.problems()).extracting(Problem::path).containsExactly(
                root.resolve("alice/blank.png"), root.resolve("alice/notes.jpg"), root.resolve("alice/two.png"), root.resolve("empty"));

        Problem noFace = r.problems(Kind.NO_FACE).get(0);
        assertThat(noFace.reason()).isEqualTo("no face");
        assertThat(noFace.identity()).isEqualTo("alice");
        assertThat(noFace.skipped()).isTrue();
        Problem two = r.problems(Kind.SEVERAL_FACES).get(0);
        assertThat(two.reason()).isEqualTo("2 faces");
        assertThat(two.skipped()).isTrue();
        Problem text = r.problems(Kind.UNREADABLE).get(0);
        assertThat(text.reason()).startsWith("unreadable: ").containsIgnoringCase("not a recognised image")
                .doesNotContain(root.toString());
        assertThat(r.problems(Kind.EMPTY_FOLDER)).singleElement().satisfies(p -> {
            assertThat(p.identity()).isEqualTo("empty");
            assertThat(p.reason()).isEqualTo("no image file");
        });

        // The gallery got exactly the good faces, with their sources as metadata, one enrol call per identity.
        assertThat(gallery.identities()).containsExactly("alice", "bob");
        assertThat(gallery.enrolCalls).containsExactlyInAnyOrder("alice", "bob");
        GalleryIdentity alice = gallery.get("alice").orElseThrow();
        assertThat(alice.embeddings()).hasSize(2).allSatisfy(e -> assertThat(e.cosine(colour(MODEL, ALICE))).isGreaterThan(0.999f));
        assertThat(alice.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "source.0", root.resolve("alice/a1.png").toAbsolutePath().toString(),
                "source.1", root.resolve("alice/a2.png").toAbsolutePath().toString()));
        GalleryIdentity bob = gallery.get("bob").orElseThrow();
        assertThat(bob.embeddings().get(0).cosine(colour(MODEL, BOB))).isGreaterThan(0.999f);
        assertThat(bob.metadata()).containsEntry("source.0", root.resolve("bob.png").toAbsolutePath().toString());
    }

    @Test
    void largestTakesTheBiggerFaceAndStillReportsIt(@TempDir Path dir) throws Exception {
        Path root = pivots(dir.resolve("pivots"));
        MapGallery gallery = new MapGallery(MODEL, 3);
        EnrollmentReport r = PivotEnrollment.builder(recognizer).multiFace(PivotEnrollment.MultiFace.LARGEST).build()
                .enrollFolder(root, gallery);

        assertThat(r.enrolled()).containsEntry("alice", 3);
        assertThat(r.skipped()).isEqualTo(2);
        Problem two = r.problems(Kind.SEVERAL_FACES).get(0);
        assertThat(two.reason()).isEqualTo("2 faces; took the largest");
        assertThat(two.skipped()).isFalse();
        // two.png's large face is carol-coloured, its small one bob-coloured: the large one was aligned and embedded.
        List<Embedding> es = gallery.get("alice").orElseThrow().embeddings();
        assertThat(es.get(2).cosine(colour(MODEL, CAROL))).isGreaterThan(0.999f);
        assertThat(gallery.get("alice").orElseThrow().metadata())
                .containsEntry("source.2", root.resolve("alice/two.png").toAbsolutePath().toString());
    }

    @Test
    void runsOnAFixedPoolAndReportsProgressInOrder(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 9; i++) image(dir.resolve("p/person" + i + ".png"), ALICE);
        detector.sleepMs = 40;
        List<int[]> calls = new CopyOnWriteArrayList<>();
        MapGallery gallery = new MapGallery(MODEL, 3);
        EnrollmentReport r = PivotEnrollment.builder(recognizer).threads(3)
                .progress((done, total) -> calls.add(new int[] {done, total})).build()
                .enrollFolder(dir.resolve("p"), gallery);

        assertThat(r.identities()).isEqualTo(9);
        assertThat(detector.calls.get()).isEqualTo(9);
        assertThat(detector.maxActive.get()).isBetween(2, 3);
        assertThat(detector.threads.keySet()).hasSizeBetween(2, 3).allSatisfy(t -> assertThat(t).startsWith("fr-enroll-"));
        assertThat(calls).hasSize(9);
        for (int i = 0; i < 9; i++) assertThat(calls.get(i)).containsExactly(i + 1, 9);
    }

    @Test
    void enrolByNameAddsToAnExistingIdentityAndNumbersSourcesOn(@TempDir Path dir) throws Exception {
        MapGallery gallery = new MapGallery(MODEL, 3);
        gallery.enroll("alice", List.of(colour(MODEL, ALICE)), Map.of("source.0", "/old/a0.png", "note", "kept"));
        gallery.enroll("bob", colour(MODEL, BOB));
        Path a1 = image(dir.resolve("a1.png"), ALICE), a2 = image(dir.resolve("x/a2.bmp"), ALICE);
        EnrollmentReport r = PivotEnrollment.builder(recognizer).threads(1).build()
                .enroll("alice", List.of(a1, a2, dir.resolve("x/../a1.png")), gallery);

        assertThat(r.images()).as("the duplicate path is used once").isEqualTo(2);
        assertThat(r.enrolled()).containsExactly(Map.entry("alice", 2));
        assertThat(r.problems()).isEmpty();
        GalleryIdentity alice = gallery.get("alice").orElseThrow();
        assertThat(alice.embeddings()).hasSize(3);
        assertThat(alice.metadata()).containsEntry("source.0", "/old/a0.png").containsEntry("note", "kept")
                .containsEntry("source.1", a1.toAbsolutePath().toString())
                .containsEntry("source.2", a2.toAbsolutePath().toString());
        assertThat(gallery.identities()).containsExactly("alice", "bob");
    }

    @Test
    void enrolByNameReportsAMissingFileAsUnreadable(@TempDir Path dir) throws Exception {
        MapGallery gallery = new MapGallery(MODEL, 3);
        EnrollmentReport r = PivotEnrollment.builder(recognizer).build()
                .enroll("alice", List.of(dir.resolve("nope.jpg")), gallery);
        assertThat(r.enrolled()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.UNREADABLE);
            assertThat(p.reason()).startsWith("unreadable: ");
        });
        assertThat(gallery.size()).isZero();
        assertThat(gallery.enrolCalls).isEmpty();
    }

    @Test
    void refusesAGalleryOfAnotherModelOrDimensionBeforeReadingAnything(@TempDir Path dir) throws Exception {
        Path root = pivots(dir.resolve("pivots"));
        PivotEnrollment pe = PivotEnrollment.builder(recognizer).build();
        assertThatThrownBy(() -> pe.enrollFolder(root, new MapGallery("other/model", 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other/model/3").hasMessageContaining(MODEL + "/3");
        assertThatThrownBy(() -> pe.enrollFolder(root, new MapGallery(MODEL, 128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(MODEL + "/128");
        assertThat(detector.calls.get()).isZero();
    }

    @Test
    void aModelFailureAbortsBeforeAnythingIsEnrolled(@TempDir Path dir) throws Exception {
        image(dir.resolve("p/alice.png"), ALICE);
        image(dir.resolve("p/carol.png"), CAROL);
        image(dir.resolve("p/bob.png"), BOB);
        embedder.failOnBlue = true;
        MapGallery gallery = new MapGallery(MODEL, 3);
        assertThatThrownBy(() -> PivotEnrollment.builder(recognizer).threads(2).build().enrollFolder(dir.resolve("p"), gallery))
                .isInstanceOf(FrException.class).hasMessage("fake model failure");
        assertThat(gallery.size()).isZero();
    }

    @Test
    void refusesBadArguments() {
        PivotEnrollment pe = PivotEnrollment.builder(recognizer).build();
        MapGallery gallery = new MapGallery(MODEL, 3);
        assertThatThrownBy(() -> pe.enroll(" ", List.of(Path.of("a.png")), gallery)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pe.enroll("alice", List.of(), gallery)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alice");
        assertThatThrownBy(() -> PivotEnrollment.builder(recognizer).threads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
