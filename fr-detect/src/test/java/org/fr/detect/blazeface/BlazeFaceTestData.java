package org.fr.detect.blazeface;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fr.ImageDecoder;
import org.fr.RgbImage;

/**
 * Finds the shared datasets: env {@code FR_DATA}, else env {@code FR_DATA_DEFAULT} (set by the root pom's surefire
 * configuration), else {@code ../shared/datasets} next to the repository root. Fails the calling test when none
 * exists.
 */
final class BlazeFaceTestData {
    private BlazeFaceTestData() {}

    static Path root() {
        for (String var : new String[] {"FR_DATA", "FR_DATA_DEFAULT"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) return Path.of(v);
        }
        Path repo = repoRoot();
        if (repo != null) {
            Path fallback = repo.resolve("../shared/datasets").normalize();
            if (Files.isDirectory(fallback)) return fallback;
        }
        return fail("FR_DATA is not set and no dataset directory was found (FR_DATA='" + System.getenv("FR_DATA")
                + "', FR_DATA_DEFAULT='" + System.getenv("FR_DATA_DEFAULT") + "', fallback ../shared/datasets next to "
                + "the repository root " + repo + "): set FR_DATA to the shared datasets directory");
    }

    /** The nearest directory at or above the working directory that holds the root pom (it has an fr-core module). */
    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("fr-core"))) return p;
        }
        return null;
    }

    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) fail("dataset file missing: " + p + " (FR_DATA root " + root() + ")");
        return p;
    }

    static RgbImage image(String relative) {
        return ImageDecoder.read(file(relative));
    }
}
