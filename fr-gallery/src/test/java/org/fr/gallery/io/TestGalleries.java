package org.fr.gallery.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;

/** Deterministic galleries for the io tests and the crash-test child process. */
final class TestGalleries {
    private TestGalleries() {}

    /** A unit vector that depends only on (seed, index, dimension). */
    static float[] vector(long seed, int index, int dimension) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        float[] raw = new float[dimension];
        for (int i = 0; i < dimension; i++) raw[i] = (float) (r.nextDouble() * 2 - 1);
        return Embedding.normalised("any", raw).values();
    }

    /** How many embeddings identity {@code i} holds in a generated gallery: every fourth holds two. */
    static int embeddingsOf(int identity) {
        return identity % 4 == 0 ? 2 : 1;
    }

    /** A generated version of a gallery: names, metadata and vectors all derive from the tag and seed. */
    record Version(String tag, long seed, String modelId, int dimension, int faces, float threshold, Gallery.Scoring scoring) {
        String name(int identity) {
            return tag + "-" + String.format("%06d", identity);
        }

        Map<String, String> metadata(int identity) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("version", tag);
            m.put("index", Integer.toString(identity));
            if (identity % 7 == 0) m.put("city", "Zürich / 東京 / 😀");
            return m;
        }

        GallerySnapshot snapshot() {
            List<GalleryIdentity> ids = new ArrayList<>();
            int used = 0;
            for (int i = 0; used < faces; i++) {
                int n = Math.min(embeddingsOf(i), faces - used);
                List<Embedding> es = new ArrayList<>(n);
                for (int j = 0; j < n; j++) es.add(Embedding.ofUnitVector(modelId, vector(seed, used + j, dimension)));
                used += n;
                ids.add(new GalleryIdentity(name(i), es, metadata(i)));
            }
            return new GallerySnapshot(modelId, dimension, threshold, scoring, ids);
        }

        /** The fingerprint of {@link #snapshot()}, computed without holding it in memory. */
        long fingerprint() {
            Fingerprint f = new Fingerprint(modelId, dimension, threshold, scoring);
            int used = 0;
            for (int i = 0; used < faces; i++) {
                int n = Math.min(embeddingsOf(i), faces - used);
                f.identity(name(i), metadata(i), n);
                for (int j = 0; j < n; j++) f.vector(vector(seed, used + j, dimension));
                used += n;
            }
            return f.value();
        }
    }

    /** A hash of everything a snapshot holds, vectors bit for bit. */
    static long fingerprint(GallerySnapshot s) {
        Fingerprint f = new Fingerprint(s.modelId(), s.dimension(), s.threshold(), s.scoring());
        for (GalleryIdentity id : s.identities()) {
            f.identity(id.name(), id.metadata(), id.embeddings().size());
            for (Embedding e : id.embeddings()) f.vector(e.values());
        }
        return f.value();
    }

    private static final class Fingerprint {
        private final CRC32 a = new CRC32();
        private long b = 1;
        private final byte[] buf = new byte[4];

        Fingerprint(String modelId, int dimension, float threshold, Gallery.Scoring scoring) {
            text(modelId);
            integer(dimension);
            integer(Float.floatToRawIntBits(threshold));
            text(scoring.name());
        }

        void identity(String name, Map<String, String> metadata, int embeddings) {
            text(name);
            new java.util.TreeMap<>(metadata).forEach((k, v) -> { text(k); text(v); });
            integer(embeddings);
        }

        void vector(float[] v) {
            for (float x : v) integer(Float.floatToRawIntBits(x));
        }

        long value() {
            return a.getValue() << 32 ^ b;
        }

        private void text(String s) {
            byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            integer(bytes.length);
            a.update(bytes);
            for (byte x : bytes) b = b * 1_000_003 + x;
        }

        private void integer(int v) {
            buf[0] = (byte) v;
            buf[1] = (byte) (v >>> 8);
            buf[2] = (byte) (v >>> 16);
            buf[3] = (byte) (v >>> 24);
            a.update(buf);
            b = b * 1_000_003 + v;
        }
    }

    /** A small hand-made gallery: unicode, several embeddings, empty metadata. */
    static GallerySnapshot small(String modelId, int dimension, Gallery.Scoring scoring) {
        List<GalleryIdentity> ids = List.of(
                new GalleryIdentity("Zoë Saldaña 😀", List.of(emb(modelId, dimension, 1), emb(modelId, dimension, 2), emb(modelId, dimension, 3)),
                        Map.of("city", "Zürich", "名前", "李小龙", "note", "quotes \" and \\ backslash\nand a newline", "", "empty key")),
                new GalleryIdentity("alice", List.of(emb(modelId, dimension, 4)), Map.of()),
                new GalleryIdentity("bob", List.of(emb(modelId, dimension, 5), emb(modelId, dimension, 6)), Map.of("role", "")),
                new GalleryIdentity("no-faces-yet", List.of(), Map.of("k", "v")));
        return new GallerySnapshot(modelId, dimension, 0.4234f, scoring, ids);
    }

    /** {@code count} identities "id-0".. with one embedding each. */
    static GallerySnapshot simple(String modelId, int dimension, int count) {
        List<GalleryIdentity> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(new GalleryIdentity("id-" + i, List.of(emb(modelId, dimension, 100 + i)), Map.of("i", "" + i)));
        return new GallerySnapshot(modelId, dimension, 0.5f, Gallery.Scoring.MAX, ids);
    }

    static Embedding emb(String modelId, int dimension, int index) {
        return Embedding.ofUnitVector(modelId, vector(42, index, dimension));
    }

    /** Files in {@code dir} other than {@code keep}. */
    static List<String> othersIn(Path dir, String... keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !List.of(keep).contains(n)).sorted().toList();
        }
    }
}
