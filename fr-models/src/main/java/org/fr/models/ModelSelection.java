package org.fr.models;

import java.nio.file.Path;

import org.fr.ComponentOptions;

/**
 * Picks the model a component runs: the user's own file when the given option names one, else the bundled,
 * checksum-verified model, looked up first in the override directory named by the system property
 * {@value #DIR_PROPERTY} or the environment variable {@value #DIR_ENV} (laid out as {@code faceplugin/fr_detect.onnx}
 * etc., each file still checked against its pinned SHA-256), then on the classpath. Stateless and thread-safe.
 */
public final class ModelSelection {
    public static final String DIR_PROPERTY = "fr.models.dir";
    public static final String DIR_ENV = "FR_MODELS_DIR";

    private ModelSelection() {}

    /**
     * @param bundledId the id of the bundled model (e.g. {@code faceplugin/fr_feature})
     * @param options   the component's options
     * @param optionKey the option that may name an own ONNX file instead; its model id becomes
     *                  {@code custom/FILENAME#SHA256-PREFIX}, so embeddings of different files never mix
     */
    public static ModelSource select(String bundledId, ComponentOptions options, String optionKey) {
        var own = options.get(optionKey);
        if (own.isPresent()) {
            Path file = Path.of(own.get());
            ModelSource probe = ModelSource.fromFile(bundledId, file);
            String id = "custom/" + file.getFileName() + "#" + probe.sha256().substring(0, 12);
            return ModelSource.fromFile(id, file, probe.sha256());
        }
        return registry().resolve(bundledId);
    }

    /** The registry honouring the override directory setting, if any. */
    public static ModelRegistry registry() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) dir = System.getenv(DIR_ENV);
        return dir == null || dir.isBlank() ? ModelRegistry.bundled() : ModelRegistry.withOverrideDirectory(Path.of(dir));
    }
}
