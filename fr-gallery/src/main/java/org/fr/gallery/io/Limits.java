package org.fr.gallery.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fr.Embedding;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;

/** Limits and checks shared by both formats. */
final class Limits {
    /** Largest embedding dimension either format accepts. */
    static final int MAX_DIMENSION = 1 << 20;
    /** Format version both formats write and the newest they read. */
    static final int VERSION = 1;

    private Limits() {}

    static String newerVersion(long version) {
        return "version " + version + " is newer than this fr reads (" + VERSION + ")";
    }

    /**
     * Wraps a vector read back from a file (the array is copied, so it may be reused).
     *
     * @throws IllegalArgumentException with what is wrong ("is not unit length (norm 1.2)") if it is not a finite unit vector
     */
    static Embedding readBack(String modelId, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new IllegalArgumentException("holds a non-finite value (" + v[i] + " at index " + i + ")");
        }
        try {
            return Embedding.ofUnitVector(modelId, v);
        } catch (IllegalArgumentException e) {
            double sum = 0;
            for (float x : v) sum += (double) x * x;
            throw new IllegalArgumentException("is not unit length (norm " + Math.sqrt(sum) + ")", e);
        }
    }

    /** Copies an embedding's values into {@code into} for writing, refusing non-finite values. */
    static void copyForWriting(Embedding e, float[] into, String identity, int index) throws IOException {
        for (int k = 0; k < into.length; k++) {
            float x = e.get(k);
            if (!Float.isFinite(x)) {
                throw new IOException("identity '" + identity + "' embedding " + index + " holds a non-finite value (" + x + " at index " + k + ")");
            }
            into[k] = x;
        }
    }

    /**
     * What a save refuses before it touches the disk: duplicate names and text that UTF-8 cannot carry. (Non-finite
     * vector values are refused while writing, by {@link #copyForWriting}.)
     */
    static String unsaveable(GallerySnapshot s) {
        if (s.dimension() > MAX_DIMENSION) return "dimension " + s.dimension() + " exceeds " + MAX_DIMENSION;
        if (!isEncodable(s.modelId())) return "model id is not valid Unicode (unpaired surrogate)";
        int modelBytes = s.modelId().getBytes(StandardCharsets.UTF_8).length;
        if (modelBytes > BinaryGalleryFormat.MAX_MODEL_ID) {
            return "model id is " + modelBytes + " bytes long, more than " + BinaryGalleryFormat.MAX_MODEL_ID;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<GalleryIdentity> ids = s.identities();
        for (int i = 0; i < ids.size(); i++) {
            GalleryIdentity id = ids.get(i);
            Integer before = seen.put(id.name(), i);
            if (before != null) return "duplicate identity name '" + id.name() + "' (identities " + before + " and " + i + ")";
            if (!isEncodable(id.name())) return "identity " + i + ": name is not valid Unicode (unpaired surrogate)";
            for (Map.Entry<String, String> m : id.metadata().entrySet()) {
                if (!isEncodable(m.getKey()) || !isEncodable(m.getValue())) {
                    return "identity '" + id.name() + "': metadata is not valid Unicode (unpaired surrogate)";
                }
            }
        }
        return null;
    }

    /** Whether the string has no unpaired surrogate, so that it survives UTF-8. */
    static boolean isEncodable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return false;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8 decoding; null if malformed. */
    static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
