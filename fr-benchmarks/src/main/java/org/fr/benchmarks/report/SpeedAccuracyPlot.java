package org.fr.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The speed against accuracy scatter plot: one labelled point per detector x embedder combination, latency per
 * 640x480 frame (log scale, so fast and slow combinations both stay readable) against LFW verification accuracy.
 * Drawn with Java2D as the command line's charts are. Stateless.
 */
final class SpeedAccuracyPlot {
    record Point(String label, double latencyMs, double accuracy) {}

    static final int W = 1000, H = 650, LEFT = 90, RIGHT = 40, TOP = 70, BOTTOM = 80;
    private static final Color[] COLOURS = {new Color(30, 120, 220), new Color(230, 90, 30), new Color(20, 150, 60),
            new Color(140, 60, 170), new Color(200, 40, 90), new Color(0, 140, 140), new Color(120, 100, 20)};

    private SpeedAccuracyPlot() {}

    static void write(List<Point> points, String title, String subtitle, Path png) throws IOException {
        List<Point> ps = new ArrayList<>();
        for (Point p : points) if (p.latencyMs() > 0 && !Double.isNaN(p.accuracy())) ps.add(p);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        double lo = 1, hi = 1000, aLo = 0.9, aHi = 1.0;
        if (!ps.isEmpty()) {
            double minL = ps.stream().mapToDouble(Point::latencyMs).min().orElse(1), maxL = ps.stream().mapToDouble(Point::latencyMs).max().orElse(10);
            lo = Math.pow(10, Math.floor(Math.log10(minL / 1.5)));
            hi = Math.pow(10, Math.ceil(Math.log10(maxL * 1.5)));
            double minA = ps.stream().mapToDouble(Point::accuracy).min().orElse(0.9);
            aLo = Math.max(0, Math.floor((minA - 0.005) * 50) / 50);
            aHi = 1.0;
        }
        final double xlo = lo, xhi = hi, ylo = aLo, yhi = aHi;
        java.util.function.DoubleUnaryOperator xOf = v -> LEFT + (Math.log10(v) - Math.log10(xlo)) / (Math.log10(xhi) - Math.log10(xlo)) * pw;
        java.util.function.DoubleUnaryOperator yOf = v -> TOP + ph - (v - ylo) / (yhi - ylo) * ph;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        // vertical grid: 1, 2, 5 x 10^k
        for (double d = lo; d <= hi * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double v = d * m;
                if (v > hi * 1.0001) break;
                int x = (int) Math.round(xOf.applyAsDouble(v));
                g.setColor(m == 1 ? new Color(215, 215, 215) : new Color(238, 238, 238));
                g.drawLine(x, TOP, x, TOP + ph);
                g.setColor(Color.DARK_GRAY);
                String s = v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
                g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, TOP + ph + 20);
            }
        }
        double step = (aHi - aLo) > 0.05 ? 0.01 : 0.005;
        for (double v = aLo; v <= aHi + 1e-9; v += step) {
            int y = (int) Math.round(yOf.applyAsDouble(v));
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.3f", v), LEFT - 50, y + 5);
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        g.setColor(Color.BLACK);
        String xl = "latency per 640x480 frame, one face: detect + landmarks + align + embed, p50 ms, one thread (log scale)";
        g.drawString(xl, LEFT + (pw - g.getFontMetrics().stringWidth(xl)) / 2, H - 30);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        String yl = "LFW verification accuracy (10-fold)";
        gy.drawString(yl, -(TOP + ph / 2 + g.getFontMetrics().stringWidth(yl) / 2), 25);
        gy.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        List<int[]> placed = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Point p = ps.get(i);
            int x = (int) Math.round(xOf.applyAsDouble(p.latencyMs())), y = (int) Math.round(yOf.applyAsDouble(p.accuracy()));
            Color c = COLOURS[i % COLOURS.length];
            g.setColor(c);
            g.fillOval(x - 7, y - 7, 14, 14);
            String label = String.format(Locale.ROOT, "%s  (%.1f ms, %.4f)", p.label(), p.latencyMs(), p.accuracy());
            FontMetrics fm = g.getFontMetrics();
            int w = fm.stringWidth(label);
            int tx = x + 12 + w <= LEFT + pw ? x + 12 : x - 12 - w;
            int ty = y - 10;
            // move down past labels already placed where they would overlap
            for (boolean moved = true; moved; ) {
                moved = false;
                for (int[] r : placed) {
                    if (tx < r[0] + r[2] && tx + w > r[0] && ty - fm.getAscent() < r[1] + 4 && ty + 4 > r[1] - fm.getAscent()) {
                        ty = r[1] + fm.getHeight() + 2;
                        moved = true;
                    }
                }
            }
            if (ty > TOP + ph - 4) ty = y - 10 - fm.getHeight() * (1 + placed.size());
            placed.add(new int[] {tx, ty, w});
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(tx - 2, ty - fm.getAscent(), w + 4, fm.getHeight());
            g.setColor(c);
            g.drawString(label, tx, ty);
            g.setStroke(new BasicStroke(1f));
        }
        if (ps.isEmpty()) {
            g.setColor(Color.RED);
            g.drawString("no combination has both a latency and an accuracy figure", LEFT + 20, TOP + 30);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(subtitle, LEFT, 52);
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
    }
}
