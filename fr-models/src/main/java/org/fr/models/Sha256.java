package org.fr.models;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 helpers. Stateless and thread-safe. */
final class Sha256 {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private Sha256() {}

    /** Lower-case hex SHA-256 of {@code bytes}. */
    static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Checks that {@code value} is 64 hex digits and returns it in lower case. */
    static String normalise(String value, String what) {
        if (value == null || !HEX64.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 64 hex digits (a SHA-256), got: " + value);
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
