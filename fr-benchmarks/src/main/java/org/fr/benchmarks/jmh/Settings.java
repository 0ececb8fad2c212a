package org.fr.benchmarks.jmh;

import org.fr.ComponentOptions;

/** What every latency benchmark of the SDK's components shares. Stateless. */
final class Settings {
    private Settings() {}

    /**
     * Components run single-threaded (one intra-op thread per model session), so that figures are per core and
     * comparable with the single-threaded peers (OpenCV Haar, dlib HOG).
     */
    static ComponentOptions singleThread() {
        return ComponentOptions.empty().with(ComponentOptions.THREADS, "1");
    }
}
