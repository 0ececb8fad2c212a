package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.fr.Gallery;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad JSON gallery gives its own one-line error naming the file and the JSON path. */
class JsonGalleryErrorsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void saveAGoodOne() {
        good = dir.resolve("face_db.json");
        GalleryFiles.save(TestGalleries.simple("arcface-r100", 512, 5), good);
    }

    @Test
    void truncatedAtEveryOffset() throws IOException {
        GallerySnapshot s = TestGalleries.small("m", 4, Gallery.Scoring.MAX);
        Path small = dir.resolve("small.json");
        GalleryFiles.save(s, small);
        byte[] all = Files.readAllBytes(small);
        assertThat(all[all.length - 1]).isEqualTo((byte) '\n');
        assertThat(all[all.length - 2]).isEqualTo((byte) '}');
        Path cut = dir.resolve("cut.json");
        for (int n = 1; n <= all.length - 2; n++) {
            Files.write(cut, Arrays.copyOf(all, n));
            int at = n;
            assertThatThrownBy(() -> GalleryFiles.load(cut)).as("cut at %d", at)
                    .isInstanceOf(GalleryFileException.class)
                    .hasMessageStartingWith(cut + ": truncated JSON: unexpected end of input")
                    .hasMessageNotContaining("\n");
        }
        // Cut inside an embedding: the message says where.
        String text = new String(all, StandardCharsets.ISO_8859_1); // one char per byte
        int inVector = text.indexOf("\"embeddings\"", text.indexOf("\"alice\"")) + 20;
        Files.write(cut, Arrays.copyOf(all, inVector));
        assertThatThrownBy(() -> GalleryFiles.load(cut))
                .hasMessageMatching("\\Q" + cut + ": truncated JSON: unexpected end of input in identities[1].embeddings\\E.*\\(line \\d+, column \\d+\\)");
        // Only the trailing newline missing is still a whole gallery.
        Files.write(cut, Arrays.copyOf(all, all.length - 1));
        assertThat(GalleryFiles.load(cut)).isEqualTo(s);
    }

    @Test
    void emptyAndBlankFiles() throws IOException {
        Path empty = Files.write(dir.resolve("e.json"), new byte[0]);
        assertThatThrownBy(() -> GalleryFiles.load(empty)).isInstanceOf(GalleryFileException.class)
                .hasMessage(empty + ": empty file, not an fr gallery");
        Path blank = Files.writeString(dir.resolve("b.json"), "  \n\t ");
        assertThatThrownBy(() -> GalleryFiles.load(blank)).hasMessage(blank + ": not an fr gallery (only whitespace)");
    }

    @Test
    void missingFields() throws IOException {
        expect(root -> root.remove("threshold"), good + ": missing field 'threshold'");
        expect(root -> root.remove("model"), good + ": missing field 'model'");
        expect(root -> root.remove("dimension"), good + ": missing field 'dimension'");
        expect(root -> root.remove("scoring"), good + ": missing field 'scoring'");
        expect(root -> root.remove("identities"), good + ": missing field 'identities'");
        expect(root -> root.remove("version"), good + ": missing field 'version'");
        expect(root -> root.remove("format"), good + ": not an fr gallery (missing field 'format')");
        expect(root -> identity(root, 1).remove("name"), good + ": identities[1]: missing field 'name'");
        expect(root -> identity(root, 4).remove("embeddings"), good + ": identities[4]: missing field 'embeddings'");
        // metadata is optional
        ObjectNode root = read(good);
        identity(root, 2).remove("metadata");
        write(root);
        assertThat(GalleryFiles.load(good).identities().get(2).metadata()).isEmpty();
    }

    @Test
    void wrongTypes() throws IOException {
        expect(root -> root.put("dimension", "512"), good + ": dimension: expected an integer, got a string");
        expect(root -> root.put("dimension", 512.5), good + ": dimension: expected an integer, got a number");
        expect(root -> root.put("threshold", "high"), good + ": threshold: expected a number, got a string");
        expect(root -> root.putNull("model"), good + ": model: expected a string, got null");
        expect(root -> root.put("identities", 3), good + ": identities: expected an array, got an integer");
        expect(root -> ((ArrayNode) root.get("identities")).add(7), good + ": identities[5]: expected an object, got an integer");
        expect(root -> identity(root, 0).put("name", 12), good + ": identities[0].name: expected a string, got an integer");
        expect(root -> identity(root, 0).putArray("metadata"), good + ": identities[0].metadata: expected an object, got an array");
        expect(root -> ((ObjectNode) identity(root, 3).get("metadata")).put("age", 31),
                good + ": identities[3].metadata.age: expected a string, got an integer");
        expect(root -> ((ObjectNode) identity(root, 3).get("metadata")).put("full name", true),
                good + ": identities[3].metadata[\"full name\"]: expected a string, got a boolean");
        expect(root -> identity(root, 2).put("embeddings", "AAAA"), good + ": identities[2].embeddings: expected an array, got a string");
        expect(root -> ((ArrayNode) identity(root, 2).get("embeddings")).add(1.5),
                good + ": identities[2].embeddings[1]: expected a string, got a number");
    }

    @Test
    void badValues() throws IOException {
        expect(root -> root.put("version", 2), good + ": version 2 is newer than this fr reads (1)");
        expect(root -> root.put("version", 0), good + ": version: unsupported version 0 (this fr reads 1)");
        expect(root -> root.put("format", "something-else"), good + ": not an fr gallery (format is 'something-else', expected 'fr-gallery')");
        expect(root -> root.put("dimension", 0), good + ": dimension: dimension 0 is not in 1..1048576");
        expect(root -> root.put("threshold", 1.5), good + ": threshold: threshold 1.5 is not in [-1, 1]");
        expect(root -> root.put("scoring", "median"), good + ": scoring: unknown scoring 'median' (expected \"max\" or \"mean\")");
        expect(root -> root.put("colour", "blue"), good + ": colour: unknown field");
        expect(root -> identity(root, 1).put("age", "3"), good + ": identities[1].age: unknown field");
        expect(root -> identity(root, 1).put("name", " "), good + ": identities[1].name: identity name must not be blank");
        expect(root -> identity(root, 3).put("name", "id-1"), good + ": identities[3].name: duplicate identity name 'id-1' (also identities[1])");
        // a newer version wins over everything else that a newer writer may have changed
        expect(root -> { root.put("version", 2); root.put("colour", "blue"); root.put("identities", "elsewhere"); },
                good + ": version 2 is newer than this fr reads (1)");
    }

    @Test
    void versionCheckedFirstEvenWhenItComesLast() throws IOException {
        ObjectNode root = read(good);
        root.put("version", 3);
        ObjectNode reordered = MAPPER.createObjectNode();
        reordered.set("identities", root.get("identities"));
        reordered.put("colour", "blue");
        root.fieldNames().forEachRemaining(f -> { if (!f.equals("identities")) reordered.set(f, root.get(f)); });
        Files.writeString(good, reordered.toString());
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessage(good + ": version 3 is newer than this fr reads (1)");
    }

    @Test
    void wrongBase64Length() throws IOException {
        expect(root -> embeddings(root, 3).set(0, MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(new byte[1000]))),
                good + ": identities[3].embeddings[0]: expected 2048 bytes of base64 float32 (dimension 512), got 1000");
        expect(root -> embeddings(root, 0).set(0, MAPPER.getNodeFactory().textNode("not*base64!")),
                m -> assertThat(m).startsWith(good + ": identities[0].embeddings[0]: not valid base64 ("));
    }

    @Test
    void nonUnitAndNonFiniteVectors() throws IOException {
        float[] v = new float[512];
        v[0] = 0.5f;
        expect(root -> embeddings(root, 2).set(0, MAPPER.getNodeFactory().textNode(base64(v))),
                good + ": identities[2].embeddings[0]: embedding is not unit length (norm 0.5)");
        v[0] = 1f;
        v[7] = Float.NaN;
        expect(root -> embeddings(root, 2).set(0, MAPPER.getNodeFactory().textNode(base64(v))),
                good + ": identities[2].embeddings[0]: embedding holds a non-finite value (NaN at index 7)");
    }

    @Test
    void malformedAndTrailingContent() throws IOException {
        String text = Files.readString(good);
        Files.writeString(good, text.replaceFirst("\"version\" : 1,", "\"version\" : 1"));
        assertThatThrownBy(() -> GalleryFiles.load(good)).isInstanceOf(GalleryFileException.class)
                .hasMessageMatching("\\Q" + good + ": malformed JSON in version (line \\E\\d+, column \\d+\\): Unexpected character .*was expecting comma.*")
                .hasMessageNotContaining("\n");
        Files.writeString(good, text + "{}");
        assertThatThrownBy(() -> GalleryFiles.load(good))
                .hasMessageMatching("\\Q" + good + ": trailing content after the gallery object: an object (line \\E\\d+, column \\d+\\)");
        Files.writeString(good, "[1, 2]");
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessage(good + ": not an fr gallery (bad magic)");
        Files.writeString(good, "{\"name\": \"x\"}");
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessage(good + ": not an fr gallery (missing field 'format')");
    }

    @Test
    void anotherModelOrDimensionIsRefusedBeforeTheVectors() throws IOException {
        assertThatThrownBy(() -> GalleryFiles.load(good, "facenet", 512)).isInstanceOf(GalleryFileException.class)
                .hasMessage(good + ": wrong model: expected model 'facenet' with dimension 512, found model 'arcface-r100' with dimension 512");
        assertThatThrownBy(() -> GalleryFiles.load(good, "arcface-r100", 128))
                .hasMessage(good + ": wrong model: expected model 'arcface-r100' with dimension 128, found model 'arcface-r100' with dimension 512");
        // The check comes before the (here broken) vectors are decoded.
        ObjectNode root = read(good);
        embeddings(root, 0).set(0, MAPPER.getNodeFactory().textNode("AAAA"));
        write(root);
        assertThatThrownBy(() -> GalleryFiles.load(good, "facenet", 128)).hasMessageContaining("wrong model");
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessageContaining("identities[0].embeddings[0]: expected 2048 bytes");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void expect(Consumer<ObjectNode> edit, String message) throws IOException {
        expect(edit, m -> assertThat(m).isEqualTo(message));
    }

    private void expect(Consumer<ObjectNode> edit, Consumer<String> check) throws IOException {
        byte[] original = Files.readAllBytes(good);
        ObjectNode root = read(good);
        edit.accept(root);
        write(root);
        GalleryFileException e = catchThrowableOfType(GalleryFileException.class, () -> GalleryFiles.load(good));
        assertThat(e).as("loading after the edit should fail").isNotNull();
        assertThat(e.file()).isEqualTo(good);
        check.accept(e.getMessage());
        Files.write(good, original);
    }

    private static ObjectNode read(Path file) throws IOException {
        return (ObjectNode) MAPPER.readTree(file.toFile());
    }

    private void write(ObjectNode root) throws IOException {
        Files.writeString(good, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static ObjectNode identity(ObjectNode root, int i) {
        return (ObjectNode) root.get("identities").get(i);
    }

    private static ArrayNode embeddings(ObjectNode root, int i) {
        return (ArrayNode) identity(root, i).get("embeddings");
    }

    private static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
