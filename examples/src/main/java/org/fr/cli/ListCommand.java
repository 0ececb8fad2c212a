package org.fr.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.Components;
import picocli.CommandLine.Command;

/** {@code fr list}: the detectors and embedders on the classpath. */
@Command(name = "list", description = "List the available detectors and embedders as JSON.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detectors", Components.detectorNames());
        m.put("embedders", Components.embedderNames());
        new JsonLines(System.out).write(m);
        return ExitCodes.OK;
    }
}
