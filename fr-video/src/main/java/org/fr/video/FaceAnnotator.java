package org.fr.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.fr.BoundingBox;
import org.fr.ImageDecoder;
import org.fr.RgbImage;

/**
 * Draws each tracked face's box with a label {@code #track name similarity} (green for a named face, orange for an
 * unknown one) on a copy of the frame. Stateless and thread-safe.
 */
public final class FaceAnnotator {
    private static final Color KNOWN = new Color(40, 220, 60), UNKNOWN = new Color(255, 150, 0);

    private FaceAnnotator() {}

    public static RgbImage draw(RgbImage frame, List<TrackedFace> faces) {
        BufferedImage img = ImageDecoder.toBufferedImage(frame);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int fontSize = Math.max(12, frame.height() / 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
            g.setStroke(new BasicStroke(Math.max(2f, frame.height() / 240f)));
            FontMetrics fm = g.getFontMetrics();
            for (TrackedFace f : faces) {
                BoundingBox b = f.box();
                Color c = f.identity() != null ? KNOWN : UNKNOWN;
                g.setColor(c);
                g.drawRect(Math.round(b.x1()), Math.round(b.y1()), Math.round(b.width()), Math.round(b.height()));
                String label = "#" + f.track() + " " + (f.identity() != null ? f.identity() : "unknown")
                        + (f.similarity() != null ? String.format(Locale.ROOT, " %.2f", f.similarity()) : "");
                int tx = Math.round(b.x1()), ty = Math.max(fm.getAscent(), Math.round(b.y1()) - fm.getDescent() - 2);
                g.fillRect(tx, ty - fm.getAscent(), fm.stringWidth(label) + 4, fm.getAscent() + fm.getDescent());
                g.setColor(Color.BLACK);
                g.drawString(label, tx + 2, ty);
            }
        } finally {
            g.dispose();
        }
        return ImageDecoder.fromBufferedImage(img);
    }
}
