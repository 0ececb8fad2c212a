package org.fr.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.FrException;

/**
 * The LFW View 2 pairs protocol: a header {@code FOLDS N}, then per fold N same-person lines {@code name i j}
 * and N different-person lines {@code name1 i name2 j}. Immutable and thread-safe.
 */
public record LfwPairs(int folds, int perSide, List<Pair> pairs) {
    /** One pair; {@code fold} counts from 0. */
    public record Pair(int fold, String nameA, int indexA, String nameB, int indexB, boolean same) {
        /** Path of image A under the LFW root ({@code root/Name/Name_0001.jpg}). */
        public Path pathA(Path root) { return imagePath(root, nameA, indexA); }

        public Path pathB(Path root) { return imagePath(root, nameB, indexB); }
    }

    public LfwPairs {
        pairs = List.copyOf(pairs);
    }

    public static Path imagePath(Path root, String name, int index) {
        return root.resolve(name).resolve(String.format("%s_%04d.jpg", name, index));
    }

    /**
     * Reads a pairs file.
     *
     * @throws FrException naming the file and line when it is malformed
     */
    public static LfwPairs read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new FrException(file + ": cannot read pairs file: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) throw new FrException(file + ": empty pairs file");
        String[] head = lines.get(0).trim().split("\\s+");
        int folds, n;
        try {
            folds = Integer.parseInt(head[0]);
            n = Integer.parseInt(head[1]);
        } catch (RuntimeException e) {
            throw new FrException(file + ":1: expected a header 'FOLDS PAIRS_PER_SIDE', got '" + lines.get(0) + "'");
        }
        List<Pair> pairs = new ArrayList<>(folds * 2 * n);
        int lineNo = 1;
        for (int f = 0; f < folds; f++) {
            for (int k = 0; k < 2 * n; k++) {
                lineNo++;
                if (lineNo > lines.size()) throw new FrException(file + ": ends at line " + (lineNo - 1) + ", expected " + (1 + folds * 2 * n) + " lines");
                String[] t = lines.get(lineNo - 1).trim().split("\\s+");
                try {
                    if (k < n) {
                        if (t.length != 3) throw new IllegalArgumentException("expected 'name i j'");
                        pairs.add(new Pair(f, t[0], Integer.parseInt(t[1]), t[0], Integer.parseInt(t[2]), true));
                    } else {
                        if (t.length != 4) throw new IllegalArgumentException("expected 'name1 i name2 j'");
                        pairs.add(new Pair(f, t[0], Integer.parseInt(t[1]), t[2], Integer.parseInt(t[3]), false));
                    }
                } catch (IllegalArgumentException e) {
                    throw new FrException(file + ":" + lineNo + ": " + e.getMessage() + ", got '" + lines.get(lineNo - 1) + "'");
                }
            }
        }
        return new LfwPairs(folds, n, pairs);
    }

    /** A smaller protocol keeping the first {@code perSide} same and different pairs of every fold. */
    public LfwPairs subset(int perSide) {
        if (perSide >= this.perSide) return this;
        if (perSide <= 0) throw new IllegalArgumentException("pairs per side must be positive: " + perSide);
        List<Pair> out = new ArrayList<>();
        int[] same = new int[folds], diff = new int[folds];
        for (Pair p : pairs) {
            int[] count = p.same() ? same : diff;
            if (count[p.fold()] < perSide) {
                count[p.fold()]++;
                out.add(p);
            }
        }
        return new LfwPairs(folds, perSide, out);
    }
}
