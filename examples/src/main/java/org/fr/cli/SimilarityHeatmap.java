package org.fr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;


/**
 * Draws a square similarity matrix as a heatmap PNG: row labels on the left, column labels rotated on top, a colour
 * bar with tick values and the threshold on the right, and the values in the cells when there are at most
 * {@value #MAX_VALUES_SHOWN} rows. The colour scale is diverging at the threshold: blues below it (different
 * people), yellow to dark red at and above it (the same person), so the pairs the threshold accepts stand out.
 * The image size depends only on the number of rows ({@link Layout#of}). Stateless.
 */
final class SimilarityHeatmap {
    static final int MAX_VALUES_SHOWN = 30;
    static final int LABEL = 160, TITLE = 44, LEGEND = 240, BOTTOM = 40, RIGHT_PAD = 16, MIN_PLOT = 260;

    private SimilarityHeatmap() {}

    /** Where things go for {@code n} rows: cell size, the grid's top-left corner, the image size. */
    record Layout(int n, int cell, int gridX, int gridY, int width, int height) {
        static Layout of(int n) {
            if (n < 1) throw new IllegalArgumentException("a heatmap needs at least one row");
            int cell = Math.max(14, Math.min(64, Math.round(900f / n)));
            int grid = n * cell;
            int gridX = LABEL, gridY = TITLE + LABEL;
            return new Layout(n, cell, gridX, gridY, gridX + grid + LEGEND + RIGHT_PAD, gridY + Math.max(grid, MIN_PLOT) + BOTTOM);
        }

        int grid() { return n * cell; }

        /** The centre of cell (row, column). */
        int cx(int column) { return gridX + column * cell + cell / 2; }

        int cy(int row) { return gridY + row * cell + cell / 2; }
    }

    /** The low end of the colour scale: 0, or lower in steps of 0.1 to take in the lowest value. */
    static double low(float[][] sim) {
        double min = 0;
        for (float[] row : sim) for (float v : row) min = Math.min(min, v);
        return Math.max(-1.0, Math.floor(min * 10 - 1e-9) / 10);
    }

    private static final Color[] BELOW = {new Color(49, 54, 149), new Color(69, 117, 180), new Color(145, 191, 219), new Color(235, 241, 246)};
    private static final Color[] ABOVE = {new Color(254, 232, 138), new Color(253, 174, 97), new Color(215, 48, 39), new Color(120, 0, 30)};

    /** The colour of {@code v} on the scale [lo, 1] that breaks at {@code threshold}. */
    static Color colour(double v, double lo, double threshold) {
        v = Math.max(lo, Math.min(1.0, v));
        if (v < threshold) {
            double f = threshold > lo ? (v - lo) / (threshold - lo) : 1;
            return ramp(BELOW, f);
        }
        double f = threshold < 1 ? (v - threshold) / (1 - threshold) : 1;
        return ramp(ABOVE, f);
    }

    private static Color ramp(Color[] stops, double f) {
        f = Math.max(0, Math.min(1, f)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(f));
        double t = f - i;
        Color a = stops[i], b = stops[i + 1];
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    private static boolean dark(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue() < 140;
    }

    /**
     * Writes the heatmap.
     *
     * @param sim       an n x n matrix
     * @param labels    n row (and column) labels
     * @param threshold marked on the colour bar; the colour scale breaks there
     */
    static void write(float[][] sim, List<String> labels, double threshold, String title, Path png) {
        int n = sim.length;
        if (labels.size() != n) throw new IllegalArgumentException(labels.size() + " labels for " + n + " rows");
        Layout l = Layout.of(n);
        double lo = low(sim);
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, l.width(), l.height());
            int cell = l.cell();
            // cells
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    g.setColor(colour(sim[r][c], lo, threshold));
                    g.fillRect(l.gridX() + c * cell, l.gridY() + r * cell, cell, cell);
                }
            }
            if (cell >= 8) { // thin white lines between cells
                g.setColor(Color.WHITE);
                for (int i = 1; i < n; i++) {
                    g.drawLine(l.gridX() + i * cell, l.gridY(), l.gridX() + i * cell, l.gridY() + l.grid() - 1);
                    g.drawLine(l.gridX(), l.gridY() + i * cell, l.gridX() + l.grid() - 1, l.gridY() + i * cell);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(l.gridX() - 1, l.gridY() - 1, l.grid() + 1, l.grid() + 1);
            // values
            if (n <= MAX_VALUES_SHOWN) {
                Font f = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(14, cell / 3)));
                g.setFont(f);
                FontMetrics fm = g.getFontMetrics();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        String s = String.format(Locale.ROOT, "%.2f", sim[r][c]);
                        g.setColor(dark(colour(sim[r][c], lo, threshold)) ? Color.WHITE : Color.BLACK);
                        g.drawString(s, l.cx(c) - fm.stringWidth(s) / 2, l.cy(r) + (fm.getAscent() - fm.getDescent()) / 2);
                    }
                }
            }
            // labels
            Font lf = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(13, cell - 3)));
            g.setFont(lf);
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            int room = LABEL - 10;
            int mid = (fm.getAscent() - fm.getDescent()) / 2;
            for (int i = 0; i < n; i++) {
                String s = fit(labels.get(i), fm, room);
                g.drawString(s, l.gridX() - 6 - fm.stringWidth(s), l.cy(i) + mid);
                AffineTransform saved = g.getTransform();
                g.translate(l.cx(i) + mid, l.gridY() - 6);
                g.rotate(-Math.PI / 2);
                g.drawString(s, 0, 0);
                g.setTransform(saved);
            }
            // title
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(fitEnd(title, g.getFontMetrics(), l.width() - 20), 10, 28);
            // colour bar
            int barX = l.gridX() + l.grid() + 36, barW = 22;
            int barTop = l.gridY(), barH = Math.max(l.grid(), MIN_PLOT);
            for (int y = 0; y < barH; y++) {
                double v = 1.0 - (double) y / (barH - 1) * (1.0 - lo);
                g.setColor(colour(v, lo, threshold));
                g.drawLine(barX, barTop + y, barX + barW - 1, barTop + y);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(barX - 1, barTop - 1, barW + 1, barH + 1);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics tm = g.getFontMetrics();
            double step = 1.0 - lo > 1.01 ? 0.2 : 0.1;
            for (int k = 0; ; k++) {
                double v = 1.0 - k * step;
                if (v < lo - 1e-9) break;
                int y = barTop + (int) Math.round((1.0 - v) / (1.0 - lo) * (barH - 1));
                g.drawLine(barX + barW, y, barX + barW + 5, y);
                g.drawString(String.format(Locale.ROOT, "%.1f", v), barX + barW + 8, y + tm.getAscent() / 2 - 1);
            }
            g.drawString("cosine", barX - 4, barTop - 10);
            if (threshold >= lo && threshold <= 1) {
                int y = barTop + (int) Math.round((1.0 - threshold) / (1.0 - lo) * (barH - 1));
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.drawLine(barX - 8, y, barX + barW + 40, y);
                g.setStroke(new BasicStroke(1f));
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                g.drawString(String.format(Locale.ROOT, "threshold %.3f", threshold), barX + barW + 44, y + 4);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawString("same person", barX + barW + 44, y - 14);
                g.drawString("different", barX + barW + 44, y + 22);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(fitEnd("cosine similarity of the largest face of each photo; rows and columns in the same order",
                    g.getFontMetrics(), l.width() - l.gridX() - 10), l.gridX(), l.gridY() + Math.max(l.grid(), MIN_PLOT) + 24);
        } finally {
            g.dispose();
        }
        PngFiles.write(img, png);
    }

    /** The text, cut at its end with an ellipsis to fit {@code width} pixels. */
    static String fitEnd(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        int k = s.length();
        while (k > 0 && fm.stringWidth(s.substring(0, k) + "\u2026") > width) k--;
        return s.substring(0, k) + "\u2026";
    }

    /**
     * The text, cut in the middle with an ellipsis to fit {@code width} pixels (file names differ at their ends:
     * {@code George_W_Bush_0001} becomes {@code George_W…_0001}).
     */
    static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        String e = "\u2026";
        for (int keep = s.length() - 1; keep > 0; keep--) {
            int tail = Math.min(keep / 2, 8), head = keep - tail;
            String t = s.substring(0, head) + e + s.substring(s.length() - tail);
            if (fm.stringWidth(t) <= width) return t;
        }
        return e;
    }
}
