package org.fr.gallery.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;

/**
 * The JSON gallery format, written and read as a token stream (no tree in memory):
 *
 * <pre>
 * {"format": "fr-gallery", "version": 1, "model": ID, "dimension": D, "threshold": T, "scoring": "max"|"mean",
 *  "identities": [{"name": N, "metadata": {K: V, ...}, "embeddings": ["base64 of D little-endian float32", ...]}, ...]}
 * </pre>
 *
 * <p>Reading validates every field and names the JSON path of a problem. Fields may come in any order; the writer puts
 * the header fields first so that identities are decoded as they stream by. {@code metadata} may be omitted (empty);
 * unknown fields are refused.
 */
final class JsonGalleryFormat {
    static final String FORMAT = "fr-gallery";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonGalleryFormat() {}

    // ------------------------------------------------------------------------------------------------ writing

    static void write(GallerySnapshot s, FileChannel ch) throws IOException {
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = FACTORY.createGenerator(os)) {
            g.setPrettyPrinter(pretty);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", Limits.VERSION);
            g.writeStringField("model", s.modelId());
            g.writeNumberField("dimension", s.dimension());
            g.writeNumberField("threshold", s.threshold());
            g.writeStringField("scoring", s.scoring().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart("identities");
            ByteBuffer bytes = ByteBuffer.allocate(s.dimension() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Base64.Encoder base64 = Base64.getEncoder();
            float[] scratch = new float[s.dimension()];
            for (GalleryIdentity id : s.identities()) {
                g.writeStartObject();
                g.writeStringField("name", id.name());
                g.writeObjectFieldStart("metadata");
                for (Map.Entry<String, String> m : new TreeMap<>(id.metadata()).entrySet()) g.writeStringField(m.getKey(), m.getValue());
                g.writeEndObject();
                g.writeArrayFieldStart("embeddings");
                for (int j = 0; j < id.embeddings().size(); j++) {
                    Limits.copyForWriting(id.embeddings().get(j), scratch, id.name(), j);
                    bytes.clear();
                    bytes.asFloatBuffer().put(scratch);
                    g.writeString(base64.encodeToString(bytes.array()));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        os.flush();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads a gallery of {@code size} bytes (the size tells a truncated file from a malformed one). */
    static GallerySnapshot read(Path file, InputStream in, long size, Expected expected) throws IOException {
        JsonParser p = FACTORY.createParser(in);
        try (p) {
            return new Reader(file, expected).read(p);
        } catch (JsonProcessingException e) {
            String original = String.valueOf(e.getOriginalMessage());
            boolean atEnd = p.currentLocation().getByteOffset() >= size; // e.g. "0." cut after the point
            if (e instanceof JsonEOFException || original.contains("end-of-input") || atEnd) {
                throw new GalleryFileException(file, "truncated JSON: unexpected end of input" + in(pathOf(p.getParsingContext()))
                        + at(e.getLocation()), e);
            }
            throw new GalleryFileException(file, "malformed JSON" + in(pathOf(p.getParsingContext())) + at(e.getLocation())
                    + ": " + GalleryFileException.oneLine(e.getOriginalMessage()), e);
        }
    }

    private static String in(String path) {
        return path.isEmpty() ? "" : " in " + path;
    }

    private static String at(JsonLocation l) {
        return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** {@code identities[3].embeddings[0]} for a parser context; keys that are not identifiers are quoted. */
    static String pathOf(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            else if (c.getCurrentName() != null) parts.add(member(c.getCurrentName()));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) sb.append(parts.get(i));
        return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    private static String member(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + name : "[\"" + name.replace("\"", "\\\"") + "\"]";
    }

    private static final class Reader {
        private final Path file;
        private final Expected expected;
        private String format;
        private Integer version;
        private String model;
        private Integer dimension;
        private Float threshold;
        private Gallery.Scoring scoring;
        private List<GalleryIdentity> identities;
        private TokenBuffer pendingIdentities;
        private String unknownField;

        Reader(Path file, Expected expected) {
            this.file = file;
            this.expected = expected;
        }

        GallerySnapshot read(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) throw fail("", "not an fr gallery (the JSON is not an object)");
            Set<String> seen = new HashSet<>();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                String path = member(f).substring(member(f).startsWith(".") ? 1 : 0);
                p.nextToken();
                if (!seen.add(f)) throw fail(path, "duplicate field");
                switch (f) {
                    case "format" -> {
                        format = string(p, path);
                        if (!FORMAT.equals(format)) throw fail("", "not an fr gallery (format is '" + format + "', expected '" + FORMAT + "')");
                    }
                    case "version" -> {
                        long v = integer(p, path);
                        if (v > Limits.VERSION) throw fail("", Limits.newerVersion(v));
                        if (v < 1) throw fail(path, "unsupported version " + v + " (this fr reads " + Limits.VERSION + ")");
                        version = (int) v;
                    }
                    case "model" -> model = string(p, path);
                    case "dimension" -> {
                        long d = integer(p, path);
                        if (d < 1 || d > Limits.MAX_DIMENSION) throw fail(path, "dimension " + d + " is not in 1.." + Limits.MAX_DIMENSION);
                        dimension = (int) d;
                    }
                    case "threshold" -> {
                        if (!p.currentToken().isNumeric()) throw fail(path, "expected a number, got " + describe(p.currentToken()));
                        float th = Float.parseFloat(p.getText());
                        if (!(th >= -1f && th <= 1f)) throw fail(path, "threshold " + p.getText() + " is not in [-1, 1]");
                        threshold = th;
                    }
                    case "scoring" -> {
                        String sc = string(p, path);
                        scoring = switch (sc.toLowerCase(Locale.ROOT)) {
                            case "max" -> Gallery.Scoring.MAX;
                            case "mean" -> Gallery.Scoring.MEAN;
                            default -> throw fail(path, "unknown scoring '" + sc + "' (expected \"max\" or \"mean\")");
                        };
                    }
                    case "identities" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) throw fail(path, "expected an array, got " + describe(p.currentToken()));
                        if (headerKnown()) {
                            checkHeader();
                            identities = identities(p);
                        } else {
                            // Fields in an unusual order: keep the tokens until the header is known.
                            pendingIdentities = new TokenBuffer(p);
                            pendingIdentities.copyCurrentStructure(p);
                        }
                    }
                    default -> {
                        if (unknownField == null) unknownField = path;
                        p.skipChildren();
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) throw fail("", "expected a field name, got " + describe(t));
            JsonToken after = p.nextToken();
            if (after != null) throw fail("", "trailing content after the gallery object: " + describe(after) + at(p.currentTokenLocation()));

            if (format == null) throw fail("", "not an fr gallery (missing field 'format')");
            checkHeader();
            if (threshold == null) throw fail("", "missing field 'threshold'");
            if (scoring == null) throw fail("", "missing field 'scoring'");
            if (identities == null) {
                if (pendingIdentities == null) throw fail("", "missing field 'identities'");
                try (JsonParser bp = pendingIdentities.asParser()) {
                    bp.nextToken();
                    identities = identities(bp);
                }
            }
            try {
                return new GallerySnapshot(model, dimension, threshold, scoring, identities);
            } catch (IllegalArgumentException e) {
                throw fail("", "invalid gallery: " + e.getMessage());
            }
        }

        private boolean headerKnown() {
            return format != null && version != null && model != null && dimension != null;
        }

        /** Version, unknown fields, model and dimension: what decoding identities needs, in this order. */
        private void checkHeader() {
            if (version == null) throw fail("", "missing field 'version'");
            if (unknownField != null) throw fail(unknownField, "unknown field");
            if (model == null) throw fail("", "missing field 'model'");
            if (dimension == null) throw fail("", "missing field 'dimension'");
            Expected.check(expected, file, model, dimension);
        }

        private List<GalleryIdentity> identities(JsonParser p) throws IOException {
            List<GalleryIdentity> out = new ArrayList<>();
            Map<String, Integer> names = new HashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int i = out.size();
                String path = "identities[" + i + "]";
                if (t != JsonToken.START_OBJECT) throw fail(path, "expected an object, got " + describe(t));
                String name = null;
                Map<String, String> metadata = null;
                List<Embedding> embeddings = null;
                Set<String> seen = new HashSet<>();
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    String fp = path + member(f);
                    p.nextToken();
                    if (!seen.add(f)) throw fail(fp, "duplicate field");
                    switch (f) {
                        case "name" -> {
                            name = string(p, fp);
                            if (name.isBlank()) throw fail(fp, "identity name must not be blank");
                            Integer before = names.put(name, i);
                            if (before != null) throw fail(fp, "duplicate identity name '" + name + "' (also identities[" + before + "])");
                        }
                        case "metadata" -> metadata = metadata(p, fp);
                        case "embeddings" -> embeddings = embeddings(p, fp);
                        default -> throw fail(fp, "unknown field");
                    }
                }
                if (name == null) throw fail(path, "missing field 'name'");
                if (embeddings == null) throw fail(path, "missing field 'embeddings'");
                out.add(new GalleryIdentity(name, embeddings, metadata == null ? Map.of() : metadata));
            }
            return out;
        }

        private Map<String, String> metadata(JsonParser p, String path) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw fail(path, "expected an object, got " + describe(p.currentToken()));
            Map<String, String> m = new HashMap<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String kp = path + member(key);
                p.nextToken();
                if (m.put(key, string(p, kp)) != null) throw fail(kp, "duplicate metadata key");
            }
            return m;
        }

        private List<Embedding> embeddings(JsonParser p, String path) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) throw fail(path, "expected an array, got " + describe(p.currentToken()));
            int bytes = dimension * Float.BYTES;
            Base64.Decoder base64 = Base64.getDecoder();
            float[] scratch = new float[dimension];
            List<Embedding> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String ep = path + "[" + out.size() + "]";
                String text = string(p, ep);
                byte[] raw;
                try {
                    raw = base64.decode(text);
                } catch (IllegalArgumentException e) {
                    throw fail(ep, "not valid base64 (" + e.getMessage() + ")");
                }
                if (raw.length != bytes) {
                    throw fail(ep, "expected " + bytes + " bytes of base64 float32 (dimension " + dimension + "), got " + raw.length);
                }
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(scratch);
                try {
                    out.add(Limits.readBack(model, scratch));
                } catch (IllegalArgumentException e) {
                    throw fail(ep, "embedding " + e.getMessage());
                }
            }
            return out;
        }

        private String string(JsonParser p, String path) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) throw fail(path, "expected a string, got " + describe(p.currentToken()));
            return p.getText();
        }

        private long integer(JsonParser p, String path) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw fail(path, "expected an integer, got " + describe(p.currentToken()));
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) throw fail(path, "integer " + p.getText() + " is out of range");
            return p.getLongValue();
        }

        private GalleryFileException fail(String path, String problem) {
            return new GalleryFileException(file, path.isEmpty() ? problem : path + ": " + problem);
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) return "the end of the input";
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_OBJECT -> "'}'";
            case END_ARRAY -> "']'";
            case FIELD_NAME -> "a field name";
            default -> t.toString();
        };
    }
}
