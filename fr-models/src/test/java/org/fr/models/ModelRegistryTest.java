package org.fr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.fr.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    static final List<String> IDS = List.of(
            "faceplugin/fr_detect", "faceplugin/fr_landmark", "faceplugin/fr_feature", "faceplugin/fr_age",
            "faceplugin/fr_gender", "faceplugin/fr_liveness", "faceplugin/fr_expression", "faceplugin/fr_pose",
            "faceplugin/fr_eye", "blazeface/front_128", "blazeface/back_256", "expo/pnet", "expo/rnet",
            "expo/onet", "expo/mobilefacenet", "expo/antispoofing");

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void manifestListsTheSixteenModelsWithConsistentPaths() {
        List<ModelInfo> models = ModelRegistry.bundled().models();
        assertThat(models).extracting(ModelInfo::id).containsExactlyElementsOf(IDS);
        for (ModelInfo m : models) {
            String ext = m.tarballPath().substring(m.tarballPath().lastIndexOf('.'));
            assertThat(m.resourcePath()).isEqualTo("org/fr/models/" + m.id() + ext);
            assertThat(m.overridePath()).isEqualTo(m.id() + ext);
            assertThat(m.tarballPath()).startsWith("package/");
            assertThat(m.licence()).isIn("MIT", "Apache-2.0");
            assertThat(m.description()).isNotBlank();
        }
        assertThat(models).extracting(ModelInfo::sha256).doesNotHaveDuplicates();
        assertThatThrownBy(() -> models.add(models.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyBundledModelResolvesAndItsHashMatchesTheManifest() throws Exception {
        ModelRegistry registry = ModelRegistry.bundled();
        for (ModelInfo info : registry.models()) {
            ModelSource source = registry.resolve(info.id());
            byte[] bytes = source.bytes();
            assertThat(source.id()).isEqualTo(info.id());
            assertThat(bytes.length).as(info.id()).isGreaterThan(10_000).isEqualTo(source.size());
            // Recomputed here, independently of the code under test.
            assertThat(sha256(bytes)).as(info.id()).isEqualTo(info.sha256()).isEqualTo(source.sha256());
            assertThat(source.origin()).isEqualTo("classpath resource " + info.resourcePath());
            if (info.resourcePath().endsWith(".onnx")) {
                assertThat(bytes[0]).as("%s starts with the ONNX ir_version field", info.id()).isEqualTo((byte) 0x08);
            } else {
                assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).as(info.id()).isEqualTo("TFL3");
            }
        }
    }

    @Test
    void bytesAreADefensiveCopy() {
        ModelSource source = ModelRegistry.bundled().resolve("expo/pnet");
        byte[] first = source.bytes();
        byte original = first[0];
        first[0] = (byte) ~original;
        assertThat(source.bytes()[0]).isEqualTo(original);
        assertThat(source.openStream()).hasSameContentAs(new ByteArrayInputStream(source.bytes()));
    }

    @Test
    void overrideDirectoryIsUsedWhenTheFileIsThereAndTheClasspathOtherwise(@TempDir Path dir) throws Exception {
        ModelRegistry bundled = ModelRegistry.bundled();
        ModelInfo info = bundled.info("blazeface/front_128");
        Path copy = dir.resolve("blazeface/front_128.onnx");
        Files.createDirectories(copy.getParent());
        Files.write(copy, bundled.resolve(info.id()).bytes());

        ModelRegistry registry = ModelRegistry.withOverrideDirectory(dir);
        assertThat(registry.overrideDirectory()).contains(dir.toAbsolutePath().normalize());
        ModelSource fromDir = registry.resolve(info.id());
        assertThat(fromDir.origin()).isEqualTo("file " + copy.toAbsolutePath().normalize());
        assertThat(fromDir.sha256()).isEqualTo(info.sha256());

        ModelSource fallback = registry.resolve("blazeface/back_256");
        assertThat(fallback.origin()).isEqualTo("classpath resource org/fr/models/blazeface/back_256.onnx");
    }

    @Test
    void aTamperedOverrideFileIsRefusedWithBothHashesAndTheId(@TempDir Path dir) throws Exception {
        ModelRegistry bundled = ModelRegistry.bundled();
        String id = "faceplugin/fr_eye";
        ModelInfo info = bundled.info(id);
        byte[] bytes = bundled.resolve(id).bytes();
        bytes[bytes.length / 2] ^= 0x01; // flip one bit
        Path tampered = dir.resolve(info.overridePath());
        Files.createDirectories(tampered.getParent());
        Files.write(tampered, bytes);
        String found = sha256(bytes);
        assertThat(found).isNotEqualTo(info.sha256());

        ModelRegistry registry = ModelRegistry.withOverrideDirectory(dir);
        assertThatThrownBy(() -> registry.resolve(id))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("expected " + info.sha256())
                .hasMessageContaining("found " + found)
                .hasMessageContaining(tampered.toAbsolutePath().normalize().toString());
        // Other models still resolve.
        assertThat(registry.resolve("faceplugin/fr_age").sha256()).isEqualTo(registry.info("faceplugin/fr_age").sha256());
    }

    @Test
    void anUnknownIdListsTheKnownIds() {
        ModelRegistry registry = ModelRegistry.bundled();
        for (var call : List.<Runnable>of(() -> registry.info("faceplugin/nope"), () -> registry.resolve("faceplugin/nope"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("faceplugin/nope")
                    .hasMessageContaining(String.join(", ", IDS));
        }
    }

    @Test
    void theOverrideDirectoryMustExist(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir");
        assertThatThrownBy(() -> ModelRegistry.withOverrideDirectory(missing))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void aDirectoryInPlaceOfAnOverrideFileIsReported(@TempDir Path dir) throws Exception {
        Path notAFile = Files.createDirectories(dir.resolve("expo/rnet.tflite"));
        ModelRegistry registry = ModelRegistry.withOverrideDirectory(dir);
        assertThatThrownBy(() -> registry.resolve("expo/rnet"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("expo/rnet")
                .hasMessageContaining(notAFile.toAbsolutePath().toString());
    }

    @Test
    void malformedManifestsAreRejected() {
        String header = String.join("\t", ModelRegistry.COLUMNS) + "\n";
        String row = "a/b\tpkg\tpackage/x.onnx\torg/fr/models/a/b.onnx\t" + "ab".repeat(32) + "\tMIT\tdesc\n";
        assertThat(parse("# comment\n\n" + header + row)).singleElement()
                .satisfies(m -> assertThat(m.overridePath()).isEqualTo("a/b.onnx"));
        assertThatThrownBy(() -> parse(row)).isInstanceOf(ModelException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> parse(header + row + row)).isInstanceOf(ModelException.class)
                .hasMessageContaining("'a/b' already listed on line 2");
        assertThatThrownBy(() -> parse(header + "a/b\tpkg\n")).isInstanceOf(ModelException.class)
                .hasMessageContaining("line 2").hasMessageContaining("7 tab-separated columns");
        assertThatThrownBy(() -> parse(header + row.replace("ab".repeat(32), "xyz"))).isInstanceOf(ModelException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> parse(header + row.replace("org/fr/models/a/b.onnx", "elsewhere/b.onnx")))
                .isInstanceOf(ModelException.class).hasMessageContaining("org/fr/models/");
        assertThatThrownBy(() -> parse(header)).isInstanceOf(ModelException.class).hasMessageContaining("no models");
    }

    private static List<ModelInfo> parse(String text) {
        try {
            return ModelRegistry.parseManifest(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
