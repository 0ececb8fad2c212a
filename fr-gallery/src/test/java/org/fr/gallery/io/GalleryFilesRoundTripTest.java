package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GalleryFilesRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"face_db.json", "gallery.frg", "UPPER.JSON", "no-extension"})
    void roundTripPreservesEverything(String name) throws IOException {
        GallerySnapshot s = TestGalleries.small("arcface-r100", 64, Gallery.Scoring.MEAN);
        Path file = dir.resolve(name);
        GalleryFiles.save(s, file);
        GallerySnapshot back = GalleryFiles.load(file);

        assertThat(back).isEqualTo(s);
        assertThat(back.modelId()).isEqualTo("arcface-r100");
        assertThat(back.dimension()).isEqualTo(64);
        assertThat(Float.floatToRawIntBits(back.threshold())).isEqualTo(Float.floatToRawIntBits(0.4234f));
        assertThat(back.scoring()).isEqualTo(Gallery.Scoring.MEAN);
        assertThat(back.identities()).extracting(GalleryIdentity::name)
                .containsExactly("Zoë Saldaña 😀", "alice", "bob", "no-faces-yet");
        GalleryIdentity zoe = back.identities().get(0);
        assertThat(zoe.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("city", "Zürich", "名前", "李小龙",
                "note", "quotes \" and \\ backslash\nand a newline", "", "empty key"));
        assertThat(zoe.embeddings()).hasSize(3);
        for (int i = 0; i < s.identities().size(); i++) {
            List<Embedding> want = s.identities().get(i).embeddings();
            List<Embedding> got = back.identities().get(i).embeddings();
            assertThat(got).hasSameSizeAs(want);
            for (int j = 0; j < want.size(); j++) assertThat(bits(got.get(j))).containsExactly(bits(want.get(j)));
        }
        assertThat(back.identities().get(3).embeddings()).isEmpty();
        assertThat(TestGalleries.fingerprint(back)).isEqualTo(TestGalleries.fingerprint(s));
        assertThat(TestGalleries.othersIn(dir, name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.json", "empty.frg"})
    void emptyGalleryRoundTrips(String name) {
        GallerySnapshot s = new GallerySnapshot("m", 512, -0.25f, Gallery.Scoring.MAX, List.of());
        Path file = dir.resolve(name);
        GalleryFiles.save(s, file);
        GallerySnapshot back = GalleryFiles.load(file);
        assertThat(back).isEqualTo(s);
        assertThat(back.identities()).isEmpty();
        assertThat(back.threshold()).isEqualTo(-0.25f);
    }

    @Test
    void formatFollowsTheExtensionOnSaveAndTheContentOnLoad() throws IOException {
        GallerySnapshot s = TestGalleries.small("m", 16, Gallery.Scoring.MAX);
        Path json = dir.resolve("a.json");
        Path bin = dir.resolve("a.frg");
        GalleryFiles.save(s, json);
        GalleryFiles.save(s, bin);
        assertThat(new String(Files.readAllBytes(json), StandardCharsets.UTF_8))
                .startsWith("{").contains("\"format\" : \"fr-gallery\"").contains("\"scoring\" : \"max\"");
        assertThat(new String(Files.readAllBytes(bin), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("FRG1");

        // Swap the names: load must sniff, not trust the extension.
        Path jsonNamedFrg = Files.copy(json, dir.resolve("really-json.frg"));
        Path binNamedJson = Files.copy(bin, dir.resolve("really-binary.json"));
        assertThat(GalleryFiles.load(jsonNamedFrg)).isEqualTo(s);
        assertThat(GalleryFiles.load(binNamedJson)).isEqualTo(s);

        // Leading whitespace and a byte order mark before JSON are fine.
        byte[] body = Files.readAllBytes(json);
        byte[] padded = new byte[body.length + 6];
        padded[0] = (byte) 0xEF; padded[1] = (byte) 0xBB; padded[2] = (byte) 0xBF;
        padded[3] = ' '; padded[4] = '\n'; padded[5] = '\t';
        System.arraycopy(body, 0, padded, 6, body.length);
        assertThat(GalleryFiles.load(Files.write(dir.resolve("padded.json"), padded))).isEqualTo(s);
    }

    @Test
    void jsonEmbeddingsAreBase64OfLittleEndianFloat32() throws IOException {
        Embedding e = Embedding.ofUnitVector("m", new float[] {0.6f, -0.8f});
        GallerySnapshot s = new GallerySnapshot("m", 2, 0.5f, Gallery.Scoring.MAX,
                List.of(new GalleryIdentity("x", List.of(e), Map.of())));
        Path file = dir.resolve("x.json");
        GalleryFiles.save(s, file);
        byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.6f).putFloat(-0.8f).array();
        String text = Files.readString(file);
        assertThat(text).contains("\"" + java.util.Base64.getEncoder().encodeToString(le) + "\"")
                .contains("\"version\" : 1").contains("\"model\" : \"m\"").contains("\"dimension\" : 2").contains("\"threshold\" : 0.5");
    }

    @Test
    void binaryLayoutAlignsTheVectorBlockAndEndsWithTheChecksum() throws IOException {
        GallerySnapshot s = TestGalleries.small("model-x", 8, Gallery.Scoring.MAX);
        Path file = dir.resolve("g.frg");
        GalleryFiles.save(s, file);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(b.getInt(8)).isEqualTo(8);
        assertThat(b.getFloat(12)).isEqualTo(0.4234f);
        assertThat(b.getInt(20)).isEqualTo(4);
        assertThat(b.getLong(24)).isEqualTo(6);
        int modelLength = b.getInt(40);
        long vectorStart = 48 + modelLength + b.getLong(32);
        assertThat(vectorStart % 64).isZero();
        assertThat(b.capacity()).isEqualTo(vectorStart + 6 * 8 * 4 + 4);
        // The first vector sits at the start of the block, bit for bit.
        float[] first = s.identities().get(0).embeddings().get(0).values();
        for (int i = 0; i < 8; i++) assertThat(b.getFloat((int) vectorStart + 4 * i)).isEqualTo(first[i]);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.capacity() - 4);
        assertThat(b.getInt(b.capacity() - 4)).isEqualTo((int) crc.getValue());
    }

    @Test
    void savingAgainReplacesTheFileAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("g.frg");
        GallerySnapshot a = TestGalleries.simple("m", 32, 5);
        GallerySnapshot b = TestGalleries.small("m", 32, Gallery.Scoring.MEAN);
        GalleryFiles.save(a, file);
        assertThat(GalleryFiles.load(file)).isEqualTo(a);
        GalleryFiles.save(b, file);
        assertThat(GalleryFiles.load(file)).isEqualTo(b);
        assertThat(TestGalleries.othersIn(dir, "g.frg")).isEmpty();
    }

    @Test
    void keepsPermissionsAndFollowsSymbolicLinks() throws IOException {
        Path real = dir.resolve("real.frg");
        GalleryFiles.save(TestGalleries.simple("m", 8, 2), real);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.frg"), real.getFileName());

        GallerySnapshot next = TestGalleries.simple("m", 8, 3);
        GalleryFiles.save(next, link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(GalleryFiles.load(real)).isEqualTo(next);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r-----");
    }

    @Test
    void threeArgumentLoadAcceptsTheRightModel() {
        for (String name : List.of("ok.json", "ok.frg")) {
            Path file = dir.resolve(name);
            GallerySnapshot s = TestGalleries.simple("arcface", 16, 3);
            GalleryFiles.save(s, file);
            assertThat(GalleryFiles.load(file, "arcface", 16)).isEqualTo(s);
        }
    }

    @Test
    void jsonFieldsMayComeInAnyOrder() throws IOException {
        GallerySnapshot s = TestGalleries.small("m", 8, Gallery.Scoring.MEAN);
        Path file = dir.resolve("g.json");
        GalleryFiles.save(s, file);
        // Sorted keys (as Python's json.dump(sort_keys=True) writes): identities come before model and version.
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        Object tree = mapper.readValue(file.toFile(), Map.class);
        Path sorted = dir.resolve("sorted.json");
        mapper.writeValue(sorted.toFile(), tree);
        assertThat(Files.readString(sorted)).startsWith("{\"dimension\"");
        assertThat(GalleryFiles.load(sorted)).isEqualTo(s);
        assertThat(GalleryFiles.load(sorted, "m", 8)).isEqualTo(s);
    }

    @Test
    void concurrentSavesAndLoadsAlwaysSeeAWholeGallery() throws Exception {
        Path file = dir.resolve("shared.frg");
        GallerySnapshot a = TestGalleries.simple("m", 128, 50);
        GallerySnapshot b = TestGalleries.small("m", 128, Gallery.Scoring.MEAN);
        GalleryFiles.save(a, file);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        if ((i + id) % 2 == 0) GalleryFiles.save((i + id) % 4 == 0 ? a : b, file);
                        else assertThat(GalleryFiles.load(file)).isIn(a, b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(GalleryFiles.load(file)).isIn(a, b);
        assertThat(TestGalleries.othersIn(dir, "shared.frg")).isEmpty();
    }

    @Test
    void deletesOnlyStaleTempFilesOfThatGallery() throws IOException {
        Path file = dir.resolve("g.frg");
        GalleryFiles.save(TestGalleries.simple("m", 8, 1), file);
        Path stale = Files.write(dir.resolve(".g.frg.tmp-8000000000000001"), new byte[10]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.write(dir.resolve(".g.frg.tmp-8000000000000002"), new byte[10]);
        Path other = Files.write(dir.resolve(".h.frg.tmp-8000000000000003"), new byte[10]);
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(GalleryFiles.deleteStaleTempFiles(file, Duration.ofHours(1))).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(file).exists();
        assertThat(GalleryFiles.deleteStaleTempFiles(file, Duration.ZERO)).isEqualTo(1);
        assertThat(fresh).doesNotExist();
        assertThat(TestGalleries.othersIn(dir, "g.frg")).containsExactly(".h.frg.tmp-8000000000000003");
    }

    private static int[] bits(Embedding e) {
        float[] v = e.values();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }
}
