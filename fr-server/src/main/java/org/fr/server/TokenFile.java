package org.fr.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a bearer token from a file: its first line, trimmed. Shared by the server and the client. Stateless. */
public final class TokenFile {
    private TokenFile() {}

    /**
     * @throws IllegalArgumentException naming the file when it cannot be read or its first line is blank
     */
    public static String read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String t = lines.isEmpty() ? "" : lines.get(0).strip();
            if (t.isEmpty()) throw new IllegalArgumentException(file + ": the token file is empty");
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the token file (" + e.getMessage() + ")", e);
        }
    }
}
