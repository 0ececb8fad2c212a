package org.fr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fr.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
    // SHA-256 of the three bytes "abc" (FIPS 180-2 test vector).
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void fromFileRecordsTheComputedHash(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.onnx"), "abc", StandardCharsets.US_ASCII);
        ModelSource source = ModelSource.fromFile("my/model", file);
        assertThat(source.id()).isEqualTo("my/model");
        assertThat(source.sha256()).isEqualTo(ABC_SHA256);
        assertThat(source.bytes()).containsExactly('a', 'b', 'c');
        assertThat(source.origin()).isEqualTo("file " + file.toAbsolutePath());
        assertThat(source.toString()).contains("my/model", ABC_SHA256);
    }

    @Test
    void fromFileWithTheRightExpectedHashAcceptsEitherCase(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.onnx"), "abc", StandardCharsets.US_ASCII);
        assertThat(ModelSource.fromFile("my/model", file, ABC_SHA256.toUpperCase()).sha256()).isEqualTo(ABC_SHA256);
    }

    @Test
    void fromFileWithAWrongExpectedHashIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.onnx"), "abd", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ModelSource.fromFile("my/model", file, ABC_SHA256))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("my/model")
                .hasMessageContaining("expected " + ABC_SHA256)
                .hasMessageContaining("found a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9")
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void aMissingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("sub/absent.onnx");
        for (var call : java.util.List.<Runnable>of(
                () -> ModelSource.fromFile("my/model", missing),
                () -> ModelSource.fromFile("my/model", missing, ABC_SHA256))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("not found")
                    .hasMessageContaining(missing.toAbsolutePath().toString());
        }
    }

    @Test
    void aDirectoryIsNotAModelFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelSource.fromFile("my/model", dir))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("directory")
                .hasMessageContaining(dir.toAbsolutePath().toString());
    }

    @Test
    void aMalformedExpectedHashIsAnArgumentError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.onnx"), "abc", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ModelSource.fromFile("my/model", file, "abc123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
    }
}
