package org.fr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;


import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.ImageDecoder;
import org.fr.Point;
import org.fr.RgbImage;

/** Draws detections (box, score, five landmarks) and optionally ground-truth boxes on a copy of the image and writes a PNG. Stateless. */
final class DetectionDrawing {
    private DetectionDrawing() {}

    static void write(RgbImage image, List<DetectedFace> faces, Path png) {
        write(image, List.of(), faces, png);
    }

    /** As {@link #write(RgbImage, List, Path)}, with ground-truth boxes drawn first, in blue. */
    static void write(RgbImage image, List<BoundingBox> truth, List<DetectedFace> faces, Path png) {
        BufferedImage canvas = ImageDecoder.toBufferedImage(image);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float stroke = Math.max(2f, Math.min(image.width(), image.height()) / 200f);
            g.setStroke(new BasicStroke(stroke));
            g.setFont(g.getFont().deriveFont(Math.max(12f, stroke * 6)));
            Color[] colours = {Color.RED, new Color(0, 200, 255), Color.GREEN, Color.MAGENTA, Color.YELLOW};
            g.setColor(new Color(40, 90, 255));
            for (BoundingBox b : truth) g.drawRect(Math.round(b.x1()), Math.round(b.y1()), Math.round(b.width()), Math.round(b.height()));
            for (DetectedFace f : faces) {
                g.setColor(Color.GREEN);
                g.drawRect(Math.round(f.box().x1()), Math.round(f.box().y1()), Math.round(f.box().width()), Math.round(f.box().height()));
                g.drawString(String.format("%.2f", f.score()), f.box().x1(), Math.max(12f, f.box().y1() - 4));
                if (f.landmarks() != null) {
                    int r = Math.max(2, Math.round(stroke * 1.5f));
                    List<Point> pts = f.landmarks().points();
                    for (int i = 0; i < pts.size(); i++) {
                        g.setColor(colours[i % colours.length]);
                        g.fillOval(Math.round(pts.get(i).x()) - r, Math.round(pts.get(i).y()) - r, 2 * r, 2 * r);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        PngFiles.write(canvas, png);
    }
}
