package org.fr.gallery;

/**
 * The inner loops of a gallery scan. Two implementations give the same results up to float summation order:
 * {@link PlainDotKernels} (plain Java, always available) and {@code VectorDotKernels} (SIMD through the JDK's
 * incubating Vector API, used when the JVM runs with {@code --add-modules jdk.incubator.vector}; the {@code fr}
 * launcher, the tests and the benchmarks do). {@link #INSTANCE} is chosen once, when this class loads; the system
 * property {@code fr.gallery.simd=false} forces the plain loops. Implementations are stateless and thread-safe.
 */
interface DotKernels {
    /** {@code sum a[off + i] * b[i]} over {@code d} values. */
    float dot(float[] a, int off, float[] b, int d);

    /** {@code sum a[off + i] * b[i]} over {@code d} bytes, exact in int. */
    int idot(byte[] a, int off, byte[] b, int d);

    /** A short name for reports: {@code plain} or {@code simd-<bits>}. */
    String name();

    DotKernels INSTANCE = Selection.choose();

    /** Picks the SIMD kernels when the Vector API module is present and not disabled. */
    final class Selection {
        private Selection() {}

        static DotKernels choose() {
            if (!Boolean.parseBoolean(System.getProperty("fr.gallery.simd", "true"))) return new PlainDotKernels();
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return new PlainDotKernels();
            try {
                return (DotKernels) Class.forName("org.fr.gallery.VectorDotKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new PlainDotKernels();
            }
        }
    }
}
