package org.fr.cli;

/** The {@code fr} command's exit codes, a public contract: 0 ok, 2 bad input, 1 any other failure. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
