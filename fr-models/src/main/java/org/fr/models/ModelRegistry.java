package org.fr.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fr.ModelException;

/**
 * The models listed in the manifest {@value #MANIFEST_RESOURCE}, and where to load each one from.
 *
 * <p>{@link #bundled()} loads models from the class path (the fr-models jar, where the build put the verified
 * files). {@link #withOverrideDirectory(Path)} first looks for {@code dir/<resource path without
 * org/fr/models/>}, e.g. {@code dir/faceplugin/fr_detect.onnx}, and falls back to the class path. Whatever the
 * origin, {@link #resolve(String)} checks the SHA-256 of the bytes against the manifest on every load.
 *
 * <p>Immutable and thread-safe: instances hold only the parsed manifest and an optional directory; every
 * {@code resolve} call reads the file afresh and shares no state with other calls.
 */
public final class ModelRegistry {
    /** Class-path resource of the manifest. */
    public static final String MANIFEST_RESOURCE = "org/fr/models/models.tsv";

    static final List<String> COLUMNS =
            List.of("id", "package", "path", "resource", "sha256", "licence", "description");

    private final Map<String, ModelInfo> byId;
    private final List<ModelInfo> models;
    private final Path overrideDirectory; // null: class path only

    private ModelRegistry(List<ModelInfo> models, Path overrideDirectory) {
        Map<String, ModelInfo> map = new LinkedHashMap<>();
        for (ModelInfo m : models) map.put(m.id(), m);
        this.byId = Collections.unmodifiableMap(map);
        this.models = List.copyOf(models);
        this.overrideDirectory = overrideDirectory;
    }

    /**
     * The models of the manifest on the class path, loaded from the class path.
     *
     * @throws ModelException if the manifest is missing or malformed
     */
    public static ModelRegistry bundled() {
        return new ModelRegistry(readBundledManifest(), null);
    }

    /**
     * The models of the bundled manifest, each loaded from {@code dir/<id path>} when that file exists
     * (see {@link ModelInfo#overridePath()}) and from the class path otherwise. Override files must have the
     * manifest's SHA-256 too; for models of your own use {@link ModelSource#fromFile}.
     *
     * @throws ModelException if {@code dir} is not an existing directory, or the manifest is missing or malformed
     */
    public static ModelRegistry withOverrideDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new ModelException("model override directory does not exist or is not a directory: " + abs);
        }
        return new ModelRegistry(readBundledManifest(), abs);
    }

    /** All models of the manifest, in manifest order (unmodifiable). */
    public List<ModelInfo> models() {
        return models;
    }

    /** The override directory, if this registry has one. */
    public Optional<Path> overrideDirectory() {
        return Optional.ofNullable(overrideDirectory);
    }

    /**
     * The manifest row of a model.
     *
     * @throws ModelException if the id is unknown; the message lists the known ids
     */
    public ModelInfo info(String id) {
        Objects.requireNonNull(id, "id");
        ModelInfo info = byId.get(id);
        if (info == null) {
            throw new ModelException("unknown model id '" + id + "'; known ids: " + String.join(", ", byId.keySet()));
        }
        return info;
    }

    /**
     * Loads a model's bytes (from the override directory if the file is there, else from the class path) and
     * checks their SHA-256 against the manifest.
     *
     * @throws ModelException if the id is unknown (listing the known ids), the file cannot be found or read
     *         (naming where it was looked for), or its SHA-256 differs (naming the id, the expected and the found
     *         hash)
     */
    public ModelSource resolve(String id) {
        ModelInfo info = info(id);
        if (overrideDirectory != null) {
            Path file = overrideDirectory.resolve(info.overridePath());
            if (Files.exists(file)) {
                return ModelSource.verified(id, ModelSource.readFile(id, file), info.sha256(),
                        ModelSource.describe(file));
            }
        }
        return ModelSource.verified(id, readResource(info), info.sha256(), "classpath resource " + info.resourcePath());
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + models.size() + " models"
                + (overrideDirectory == null ? "" : ", override directory " + overrideDirectory) + "]";
    }

    private byte[] readResource(ModelInfo info) {
        try (InputStream in = ModelRegistry.class.getResourceAsStream("/" + info.resourcePath())) {
            if (in == null) {
                String where = overrideDirectory == null ? ""
                        : " nor in the override directory (" + overrideDirectory.resolve(info.overridePath()) + ")";
                throw new ModelException("model '" + info.id() + "' was found neither on the class path (resource "
                        + info.resourcePath() + ")" + where + ". The fr-models jar was built without its model"
                        + " files (e.g. with -Dfr.models.skipFetch=true): rebuild fr-models, or put the file in a"
                        + " directory and use ModelRegistry.withOverrideDirectory.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException("cannot read model '" + info.id() + "' from classpath resource "
                    + info.resourcePath() + " (" + e + ")", e);
        }
    }

    private static List<ModelInfo> readBundledManifest() {
        try (InputStream in = ModelRegistry.class.getResourceAsStream("/" + MANIFEST_RESOURCE)) {
            if (in == null) {
                throw new ModelException("model manifest not found on the class path: " + MANIFEST_RESOURCE
                        + " (is the fr-models jar on the class path?)");
            }
            return parseManifest(in, "classpath resource " + MANIFEST_RESOURCE);
        } catch (IOException e) {
            throw new ModelException("cannot read the model manifest " + MANIFEST_RESOURCE + " (" + e + ")", e);
        }
    }

    /**
     * Parses a manifest: tab-separated, {@code #} comments and blank lines ignored, a header row naming
     * {@link #COLUMNS}, then one row per model with unique ids.
     */
    static List<ModelInfo> parseManifest(InputStream in, String origin) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<ModelInfo> rows = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean header = false;
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isBlank() || line.startsWith("#")) continue;
            List<String> cells = List.of(line.split("\t", -1));
            if (!header) {
                if (!cells.equals(COLUMNS)) {
                    throw new ModelException("malformed model manifest " + origin + " line " + lineNo
                            + ": expected the header " + String.join("<TAB>", COLUMNS) + ", found: " + line);
                }
                header = true;
                continue;
            }
            if (cells.size() != COLUMNS.size()) {
                throw new ModelException("malformed model manifest " + origin + " line " + lineNo + ": expected "
                        + COLUMNS.size() + " tab-separated columns, found " + cells.size());
            }
            ModelInfo info;
            try {
                info = new ModelInfo(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4),
                        cells.get(5), cells.get(6));
            } catch (IllegalArgumentException e) {
                throw new ModelException("malformed model manifest " + origin + " line " + lineNo + ": "
                        + e.getMessage(), e);
            }
            Integer previous = seen.putIfAbsent(info.id(), lineNo);
            if (previous != null) {
                throw new ModelException("malformed model manifest " + origin + " line " + lineNo
                        + ": model id '" + info.id() + "' already listed on line " + previous);
            }
            rows.add(info);
        }
        if (rows.isEmpty()) throw new ModelException("model manifest " + origin + " lists no models");
        return rows;
    }
}
