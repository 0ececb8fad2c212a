package org.fr.benchmarks.report;

import org.fr.Components;

/**
 * Prints the registered component names for the report script, comma-separated: {@code ListComponents detectors}
 * or {@code ListComponents embedders}. Every component on the class path joins the benchmarks this way.
 */
public final class ListComponents {
    private ListComponents() {}

    public static void main(String[] args) {
        if (args.length != 1 || !(args[0].equals("detectors") || args[0].equals("embedders"))) {
            throw new IllegalArgumentException("usage: ListComponents detectors|embedders");
        }
        System.out.println(String.join(",", args[0].equals("detectors") ? Components.detectorNames() : Components.embedderNames()));
    }
}
