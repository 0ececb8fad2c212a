package org.fr.video;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.ImageDecoder;
import org.fr.RgbImage;
import org.fr.TestData;

/**
 * A synthetic video made from still photos, so that tests need no downloaded video: each {@link Actor} is one photo
 * shown as a square tile on frames {@code [from, to)}, drifting a little every frame so that the tracker has work.
 * The clip is encoded to H.264 with the same FFmpeg binding the SDK reads with; the ground truth (who is where on
 * which frame) comes with it.
 */
public final class TestClip {
    /** One photo on screen: its label, the frames it is visible on, its tile's start corner, size and drift. */
    public record Actor(String label, String photo, int from, int to, int x, int y, int size, float dxPerFrame, float dyPerFrame) {
        public boolean visible(long frame) { return frame >= from && frame < to; }

        /** The tile's top-left corner on {@code frame}. */
        public int[] corner(long frame) {
            long t = frame - from;
            return new int[] {Math.round(x + dxPerFrame * t), Math.round(y + dyPerFrame * t)};
        }

        /** Whether a point lies on this actor's tile on {@code frame}. */
        public boolean contains(long frame, float px, float py) {
            int[] c = corner(frame);
            return px >= c[0] && px < c[0] + size && py >= c[1] && py < c[1] + size;
        }
    }

    private TestClip() {}

    /** Frame {@code i} of a clip: a dark gradient background with every visible actor's tile drawn on it. */
    public static RgbImage frame(int width, int height, List<Actor> actors, List<BufferedImage> photos, int i) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(70, 80, 95), width, height, new Color(150, 140, 120)));
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int a = 0; a < actors.size(); a++) {
                Actor actor = actors.get(a);
                if (!actor.visible(i)) continue;
                int[] c = actor.corner(i);
                g.drawImage(photos.get(a), c[0], c[1], actor.size(), actor.size(), null);
            }
        } finally {
            g.dispose();
        }
        return ImageDecoder.fromBufferedImage(canvas);
    }

    /** Encodes {@code frames} frames of the clip to {@code file} (H.264) at {@code fps}. */
    public static void write(Path file, int width, int height, double fps, int frames, List<Actor> actors) {
        List<BufferedImage> photos = new ArrayList<>();
        for (Actor a : actors) photos.add(ImageDecoder.toBufferedImage(TestData.image(a.photo())));
        try (H264Writer w = new H264Writer(file, width, height, fps, 2_000_000)) {
            for (int i = 0; i < frames; i++) w.write(frame(width, height, actors, photos, i));
        }
    }

    /**
     * Writes a 640x480 clip for the throughput harness: {@code args = OUT.mp4 [FRAMES]}, 25 fps, three LFW faces that
     * come and go (1 to 3 on screen), looping over the frames. Run from the repository root with
     * {@code mvn -q -pl fr-video exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fr.video.TestClip -Dexec.args="clip.mp4 750"}.
     */
    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 750;
        List<Actor> actors = new ArrayList<>();
        // Three people entering and leaving in a 150-frame cycle: one face, then two, then three, then two.
        for (int cycle = 0; cycle * 150 < frames; cycle++) {
            int s = cycle * 150;
            actors.add(new Actor("a", "lfw/images/Colin_Powell/Colin_Powell_0001.jpg", s, s + 150, 10, 140, 200, 0.3f, 0.1f));
            actors.add(new Actor("b", "lfw/images/Tony_Blair/Tony_Blair_0002.jpg", s + 30, s + 140, 220, 120, 200, 0.1f, 0.2f));
            actors.add(new Actor("c", "lfw/images/Jean_Chretien/Jean_Chretien_0001.jpg", s + 60, s + 120, 430, 150, 200, 0.05f, 0.1f));
        }
        write(out, 640, 480, 25, frames, actors);
        System.err.println("wrote " + frames + " frames (640x480, 25 fps, H.264) to " + out);
    }
}
