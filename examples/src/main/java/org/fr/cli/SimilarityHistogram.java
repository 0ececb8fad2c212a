package org.fr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;


/**
 * Draws the distributions of same-person and different-person similarities of a verification run as two
 * overlaid histograms with the chosen threshold, and writes a PNG. Stateless.
 */
final class SimilarityHistogram {
    private static final int W = 900, H = 520, LEFT = 70, RIGHT = 30, TOP = 60, BOTTOM = 60, BINS = 100;

    private SimilarityHistogram() {}

    static void write(double[] similarity, boolean[] same, double threshold, String title, Path png) {
        double lo = -0.4, hi = 1.0;
        int[] s = new int[BINS], d = new int[BINS];
        for (int i = 0; i < similarity.length; i++) {
            int b = (int) Math.floor((similarity[i] - lo) / (hi - lo) * BINS);
            b = Math.max(0, Math.min(BINS - 1, b));
            (same[i] ? s : d)[b]++;
        }
        int max = 1;
        for (int i = 0; i < BINS; i++) max = Math.max(max, Math.max(s[i], d[i]));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = PngFiles.blankCanvas(img);
        try {
            int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
            double bw = (double) pw / BINS;
            Color sameC = new Color(30, 120, 220, 150), diffC = new Color(230, 90, 30, 150);
            for (int i = 0; i < BINS; i++) {
                int x = LEFT + (int) Math.round(i * bw), w = Math.max(1, (int) Math.round(bw));
                int hd = (int) Math.round((double) d[i] / max * ph), hs = (int) Math.round((double) s[i] / max * ph);
                g.setColor(diffC);
                g.fillRect(x, TOP + ph - hd, w, hd);
                g.setColor(sameC);
                g.fillRect(x, TOP + ph - hs, w, hs);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, pw, ph);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (double t = -0.4; t <= 1.0001; t += 0.2) {
                int x = LEFT + (int) Math.round((t - lo) / (hi - lo) * pw);
                g.drawLine(x, TOP + ph, x, TOP + ph + 5);
                g.drawString(String.format("%.1f", t), x - 10, TOP + ph + 20);
            }
            g.drawString("cosine similarity", LEFT + pw / 2 - 50, H - 15);
            g.drawString(Integer.toString(max), 10, TOP + 10);
            g.drawString("0", 10, TOP + ph);
            g.drawString("pairs", 10, TOP + ph / 2);
            int tx = LEFT + (int) Math.round((threshold - lo) / (hi - lo) * pw);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(tx, TOP, tx, TOP + ph);
            g.drawString(String.format("threshold %.3f", threshold), tx + 6, TOP + 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(sameC);
            g.fillRect(W - RIGHT - 200, TOP + 10, 14, 14);
            g.setColor(diffC);
            g.fillRect(W - RIGHT - 200, TOP + 32, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString("same person", W - RIGHT - 180, TOP + 22);
            g.drawString("different people", W - RIGHT - 180, TOP + 44);
        } finally {
            g.dispose();
        }
        PngFiles.write(img, png);
    }
}
