package org.fr.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.NoFaceException;
import org.fr.TestData;
import org.fr.gallery.FlatGallery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on a video the test makes itself (LFW photos, H.264): enrolled people are named on their frames, a
 * never-enrolled person stays unknown, and track ids hold while a face stays in view. The people are enrolled from
 * other photos of them than the ones in the video.
 */
class FaceStreamRecognitionTest {
    static final int W = 640, H = 480, FRAMES = 80;
    static final String LFW = "lfw/images/";
    static final List<TestClip.Actor> ACTORS = List.of(
            new TestClip.Actor("Colin_Powell", LFW + "Colin_Powell/Colin_Powell_0001.jpg", 0, 70, 5, 140, 190, 0.4f, 0.4f),
            new TestClip.Actor(null, LFW + "Jean_Chretien/Jean_Chretien_0001.jpg", 15, 60, 228, 120, 190, 0f, 0.3f),
            new TestClip.Actor("Tony_Blair", LFW + "Tony_Blair/Tony_Blair_0002.jpg", 30, 80, 445, 150, 190, -0.2f, -0.3f));

    static FaceRecognizer recognizer;
    static FlatGallery gallery;

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void setUp() {
        recognizer = FaceRecognizer.builder().detector("ultraface").embedder("arcface").build();
        Float t = recognizer.embedder().calibratedThresholds().get(1e-3);
        gallery = FlatGallery.builder(recognizer.embedder().modelId(), recognizer.embedder().dimension())
                .threshold(t != null ? t : recognizer.embedder().defaultThreshold()).build();
        // The people in the video, from other photos of them, and a few others; Jean Chretien is never enrolled.
        enroll("Colin_Powell", 2, 3, 4);
        enroll("Tony_Blair", 3, 4, 6);
        enroll("Gerhard_Schroeder", 1, 2);
        enroll("Donald_Rumsfeld", 1, 2);
        enroll("Hugo_Chavez", 1, 2);
        video = dir.resolve("people.mp4");
        TestClip.write(video, W, H, 25, FRAMES, ACTORS);
    }

    private static void enroll(String name, int... numbers) {
        List<Embedding> es = new ArrayList<>();
        for (int n : numbers) {
            String photo = String.format("%s%s/%s_%04d.jpg", LFW, name, name, n);
            es.add(recognizer.recognizeLargest(TestData.image(photo)).orElseThrow(() -> new NoFaceException(photo)).embedding());
        }
        gallery.enroll(name, es, Map.of());
    }

    @AfterAll
    static void tearDown() {
        if (gallery != null) gallery.close();
        if (recognizer != null) recognizer.close();
    }

    private static List<FrameResult> run(StreamOptions options) {
        List<FrameResult> results = new ArrayList<>();
        try (FaceStream stream = new FaceStream(recognizer, gallery, options);
             FrameSource source = VideoSources.open(video.toString(), 25)) {
            stream.run(source, results::add);
        }
        return results;
    }

    /** The faces reported on an actor's tile on a frame. */
    private static List<TrackedFace> on(TestClip.Actor a, FrameResult r) {
        List<TrackedFace> out = new ArrayList<>();
        for (TrackedFace f : r.faces()) {
            if (a.contains(r.frame(), f.box().center().x(), f.box().center().y())) out.add(f);
        }
        return out;
    }

    @Test
    void everyReportedFaceIsOneOfThePeople() {
        for (FrameResult r : run(StreamOptions.defaults())) {
            for (TrackedFace f : r.faces()) {
                long tiles = ACTORS.stream().filter(a -> a.visible(r.frame()) && a.contains(r.frame(), f.box().center().x(), f.box().center().y())).count();
                assertThat(tiles).as("tiles under face %s on frame %d", f, r.frame()).isEqualTo(1);
            }
        }
    }

    @Test
    void namesEnrolledPeopleKeepsStrangersUnknownAndHoldsTrackIds() {
        List<FrameResult> results = run(StreamOptions.defaults());
        assertThat(results).hasSize(FRAMES);
        Set<Integer> allTracks = new HashSet<>();
        for (TestClip.Actor a : ACTORS) {
            Set<Integer> tracks = new HashSet<>();
            int visible = 0, seen = 0, namedAfterFirst = 0, afterFirst = 0;
            long firstRecognition = -1;
            for (FrameResult r : results) {
                if (!a.visible(r.frame())) {
                    assertThat(on(a, r)).as("nothing on %s's tile on frame %d", a.label(), r.frame()).isEmpty();
                    continue;
                }
                visible++;
                List<TrackedFace> faces = on(a, r);
                assertThat(faces.size()).as("faces on %s's tile on frame %d", a.label(), r.frame()).isLessThanOrEqualTo(1);
                if (faces.isEmpty()) continue;
                seen++;
                TrackedFace f = faces.get(0);
                tracks.add(f.track());
                if (a.label() == null) {
                    assertThat(f.identity()).as("never-enrolled face on frame %d", r.frame()).isNull();
                    continue;
                }
                if (firstRecognition < 0 && f.identity() != null) firstRecognition = r.frame();
                if (firstRecognition >= 0) {
                    afterFirst++;
                    if (a.label().equals(f.identity())) namedAfterFirst++;
                }
            }
            assertThat(seen).as("frames on which %s's face was found, of %d", a.label(), visible).isGreaterThanOrEqualTo(visible * 95 / 100);
            assertThat(tracks).as("track ids of %s", a.label()).hasSize(1);
            assertThat(allTracks).as("track ids are not shared between people").doesNotContainAnyElementsOf(tracks);
            allTracks.addAll(tracks);
            if (a.label() != null) {
                assertThat(firstRecognition).as("first frame %s was named", a.label()).isBetween((long) a.from(), a.from() + 2L);
                assertThat(namedAfterFirst).as("frames %s was named on, of %d after the first recognition", a.label(), afterFirst)
                        .isGreaterThanOrEqualTo((int) Math.ceil(afterFirst * 0.95));
            }
        }
    }

    @Test
    void detectingEveryThirdFrameStillNamesAndTracks() {
        List<FrameResult> results = run(StreamOptions.defaults().withDetectEvery(3));
        Map<String, Set<Integer>> tracks = new HashMap<>();
        int detected = 0;
        for (FrameResult r : results) {
            if (r.detected()) detected++;
            for (TestClip.Actor a : ACTORS) {
                if (!a.visible(r.frame()) || a.label() == null) continue;
                for (TrackedFace f : on(a, r)) {
                    tracks.computeIfAbsent(a.label(), k -> new HashSet<>()).add(f.track());
                    // Between detections the box is extrapolated; a named track keeps its name.
                    if (r.frame() > a.from() + 3) assertThat(f.identity()).as("%s on frame %d", a.label(), r.frame()).isEqualTo(a.label());
                }
            }
        }
        assertThat(detected).isEqualTo((FRAMES + 2) / 3);
        assertThat(tracks.get("Colin_Powell")).hasSize(1);
        assertThat(tracks.get("Tony_Blair")).hasSize(1);
    }

    @Test
    void embedsOncePerNewTrackAndAgainOnlyOnRecheck() {
        try (FaceStream stream = new FaceStream(recognizer, gallery, StreamOptions.defaults().withRecheckEvery(20).withScoreDrop(1f));
             FrameSource source = VideoSources.open(video.toString(), 25)) {
            int recognitions = 0;
            for (var it = stream.results(source); it.hasNext(); ) {
                for (TrackedFace f : it.next().faces()) if (f.recognizedNow()) recognitions++;
            }
            // Visible 70, 45 and 50 frames: 1 + floor((n - 1) / 20) recognitions each = 4 + 3 + 3.
            assertThat(recognitions).isEqualTo(10);
            StageSummary embed = stream.latency().summary(Stage.EMBED);
            assertThat(embed.count()).isLessThanOrEqualTo(10);
            assertThat(stream.latency().summary(Stage.NEW_FACE).count()).isEqualTo(3);
            assertThat(stream.latency().summary(Stage.DETECT).count()).isEqualTo(FRAMES);
            assertThat(stream.latency().summary(Stage.DECODE).count()).isEqualTo(FRAMES);
            StageSummary frame = stream.latency().summary(Stage.FRAME);
            assertThat(frame.p50Ms()).isPositive().isLessThanOrEqualTo(frame.p95Ms());
            assertThat(frame.p95Ms()).isLessThanOrEqualTo(frame.maxMs());
        }
    }

    @Test
    void maxFpsSkipsFramesOnTheStreamClock() {
        List<FrameResult> results = run(StreamOptions.defaults().withMaxFps(5));
        // 80 frames at 25 fps = 3.2 s: frames 0, 5, 10, ... are processed.
        assertThat(results).extracting(FrameResult::frame).containsExactly(0L, 5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L,
                50L, 55L, 60L, 65L, 70L, 75L);
    }

    @Test
    void aSourceLostPartWayHandsOverEveryResultBeforeTheFailure() {
        List<FrameResult> results = new ArrayList<>();
        try (FaceStream stream = new FaceStream(recognizer, gallery, StreamOptions.defaults());
             FrameSource clip = VideoSources.open(video.toString())) {
            // A camera that goes away after 12 frames.
            FrameSource lost = new FrameSource() {
                @Override public String description() { return "camera 9"; }
                @Override public double frameRate() { return 25; }
                @Override public VideoFrame next() {
                    VideoFrame f = clip.next();
                    if (f.index() == 12) throw new VideoSourceException("camera 9", "stopped delivering frames", false);
                    return f;
                }
                @Override public void close() {}
            };
            VideoSourceException e = org.junit.jupiter.api.Assertions.assertThrows(VideoSourceException.class,
                    () -> stream.run(lost, results::add));
            assertThat(e.badInput()).isFalse();
            assertThat(e.getMessage()).isEqualTo("camera 9: stopped delivering frames");
        }
        assertThat(results).extracting(FrameResult::frame).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(results.get(11).faces()).extracting(TrackedFace::identity).containsExactly("Colin_Powell");
    }
}
