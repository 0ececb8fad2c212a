package org.fr.onnx;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.fr.ModelException;

/**
 * One onnxruntime session for one network: every detector and embedder runs through this class and keeps its
 * own pre- and post-processing. The model's inputs and outputs are checked against the expected
 * {@link TensorSpec}s when it loads, and a mismatch fails at once with a message listing what was expected and
 * what was found.
 *
 * <p>Thread-safe: {@link #run} may be called from many threads at once (onnxruntime sessions allow concurrent
 * runs). Holds native memory: close it.
 */
public final class OnnxModel implements AutoCloseable {
    private final String modelId;
    private final OrtSession session;
    private final Map<String, long[]> inputShapes;
    private final Map<String, long[]> outputShapes;
    private final boolean onGpu;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Output shapes by input shapes and requested outputs, learned from plain runs, for {@link #runPinned}. */
    private final Map<String, long[][]> outputShapesByInput = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SHAPES = 64;

    private OnnxModel(String modelId, OrtSession session, Map<String, long[]> in, Map<String, long[]> out, boolean onGpu) {
        this.modelId = modelId;
        this.session = session;
        this.inputShapes = in;
        this.outputShapes = out;
        this.onGpu = onGpu;
    }

    /**
     * Loads a model from its bytes and checks its signature.
     *
     * @param modelId  the id used in messages
     * @param model    the ONNX file's bytes
     * @param config   threads and device
     * @param inputs   the inputs the caller will feed (all float32)
     * @param outputs  the outputs the caller will read (all float32)
     * @throws ModelException if the bytes are no ONNX model, the signature differs, or the GPU was asked for and
     *                        cannot be used
     */
    public static OnnxModel load(String modelId, byte[] model, SessionConfig config, List<TensorSpec> inputs,
                                 List<TensorSpec> outputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // onnxruntime's own warnings (e.g. weights listed as graph inputs by old exporters) are not the user's
            // business; errors still surface as exceptions
            opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (config.intraOpThreads() > 0) opts.setIntraOpNumThreads(config.intraOpThreads());
            boolean gpu = config.cudaDevice().isPresent();
            if (gpu) enableCuda(modelId, opts, config.cudaDevice().getAsInt());
            try {
                session = env.createSession(model, opts);
            } catch (OrtException e) {
                throw new ModelException("model " + modelId + " could not be loaded by onnxruntime: "
                        + firstLine(e.getMessage()), e);
            }
            Map<String, long[]> in = shapes(session.getInputInfo());
            Map<String, long[]> out = shapes(session.getOutputInfo());
            check(modelId, "input", inputs, in);
            check(modelId, "output", outputs, out);
            return new OnnxModel(modelId, session, in, out, gpu);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelException("model " + modelId + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void enableCuda(String modelId, OrtSession.SessionOptions opts, int device) {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            throw new ModelException("model " + modelId + ": GPU " + device + " was asked for, but this onnxruntime has "
                    + "no CUDA execution provider (available: " + available + "). Put the artifact "
                    + "com.microsoft.onnxruntime:onnxruntime_gpu on the classpath instead of onnxruntime, with CUDA 12 "
                    + "and cuDNN 9 installed; fr never falls back to the CPU silently.");
        }
        try {
            opts.addCUDA(device);
        } catch (OrtException e) {
            throw new ModelException("model " + modelId + ": could not start onnxruntime's CUDA execution provider on GPU "
                    + device + ": " + firstLine(e.getMessage()) + ". fr never falls back to the CPU silently.", e);
        }
    }

    private static Map<String, long[]> shapes(Map<String, NodeInfo> infos) {
        Map<String, long[]> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, info.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0]));
        return out;
    }

    private static void check(String modelId, String kind, List<TensorSpec> expected, Map<String, long[]> found) {
        List<String> problems = new ArrayList<>();
        for (TensorSpec spec : expected) {
            long[] declared = found.get(spec.name());
            if (declared == null) problems.add("missing " + kind + " " + spec);
            else if (!spec.accepts(declared)) {
                problems.add(kind + " " + spec.name() + " has shape " + java.util.Arrays.toString(declared) + ", expected " + spec);
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelException("model " + modelId + " does not have the expected " + kind + "s: "
                    + String.join("; ", problems) + ". Expected " + expected + ", found " + describe(found));
        }
    }

    private static String describe(Map<String, long[]> shapes) {
        return shapes.entrySet().stream().map(e -> e.getKey() + java.util.Arrays.toString(e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    public String modelId() { return modelId; }

    public boolean onGpu() { return onGpu; }

    /** Declared input shapes by name ({@code -1} for dynamic dimensions). */
    public Map<String, long[]> inputShapes() { return copy(inputShapes); }

    public Map<String, long[]> outputShapes() { return copy(outputShapes); }

    private static Map<String, long[]> copy(Map<String, long[]> m) {
        Map<String, long[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Runs the model on the given inputs and returns the named outputs as float tensors. */
    public Map<String, Tensor> run(Collection<Tensor> inputs, Collection<String> outputNames) {
        ModelCalls.noteCall(this, inputs, outputNames);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            int slot = 0;
            for (Tensor t : inputs) feed.put(t.name(), OnnxTensor.createTensor(env, ThreadBuffers.input(slot++, t.data()), t.shape()));
            return run(env, feed, shapeKey(inputs, outputNames), outputNames);
        } catch (OrtException e) {
            throw new ModelException("model " + modelId + " failed to run: " + firstLine(e.getMessage()), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Writes a model's single input in place, so that a large input is not built in an array and copied again. */
    @FunctionalInterface
    public interface InputWriter {
        /** Writes all the input's values, row-major, at the absolute positions 0 to n - 1 of {@code into}. */
        void write(FloatBuffer into);
    }

    /**
     * Runs a model of one input whose values {@code writer} writes straight into this thread's native input buffer
     * (no intermediate array, no copy), and returns the named outputs as float tensors.
     */
    public Map<String, Tensor> run(String inputName, long[] shape, InputWriter writer, Collection<String> outputNames) {
        FloatBuffer buffer = ThreadBuffers.input(0, Tensor.elements(shape));
        writer.write(buffer);
        if (ModelCalls.recording()) {
            float[] copy = new float[buffer.capacity()];
            buffer.get(0, copy);
            ModelCalls.noteCall(this, List.of(new Tensor(inputName, shape.clone(), copy)), outputNames);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            feed.put(inputName, OnnxTensor.createTensor(env, buffer, shape));
            String key = inputName + java.util.Arrays.toString(shape) + ';' + outputNames;
            return run(env, feed, key, outputNames);
        } catch (OrtException e) {
            throw new ModelException("model " + modelId + " failed to run: " + firstLine(e.getMessage()), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private Map<String, Tensor> run(OrtEnvironment env, Map<String, OnnxTensor> feed, String key, Collection<String> outputNames)
            throws OrtException {
        long[][] known = outputShapesByInput.get(key);
        if (known != null) {
            Map<String, Tensor> out = runPinned(env, feed, outputNames, known);
            if (out != null) return out;
            outputShapesByInput.remove(key);
        }
        try (OrtSession.Result result = session.run(feed, new java.util.LinkedHashSet<>(outputNames))) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            long[][] shapes = new long[outputNames.size()][];
            int j = 0;
            for (String name : outputNames) {
                OnnxValue v = result.get(name).orElseThrow(() -> new ModelException("model " + modelId + " gave no output " + name));
                OnnxTensor t = (OnnxTensor) v;
                long[] shape = t.getInfo().getShape();
                shapes[j++] = shape;
                FloatBuffer fb = t.getFloatBuffer();
                float[] data = new float[fb.remaining()];
                fb.get(data);
                out.put(name, new Tensor(name, shape, data));
            }
            if (outputShapesByInput.size() < MAX_SHAPES) outputShapesByInput.put(key, shapes);
            return out;
        }
    }

    /**
     * Runs with the outputs written by onnxruntime straight into this thread's direct buffers (their shapes are those
     * an earlier run with the same input shapes gave), so that each output is copied once, into its array, instead
     * of twice. Returns null when onnxruntime refuses the shapes (the caller then runs the plain way).
     */
    private Map<String, Tensor> runPinned(OrtEnvironment env, Map<String, OnnxTensor> feed, Collection<String> outputNames,
                                          long[][] shapes) throws OrtException {
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        FloatBuffer[] buffers = new FloatBuffer[shapes.length];
        try {
            int j = 0;
            for (String name : outputNames) {
                buffers[j] = ThreadBuffers.output(j, Tensor.elements(shapes[j]));
                pinned.put(name, OnnxTensor.createTensor(env, buffers[j], shapes[j]));
                j++;
            }
            try (OrtSession.Result result = session.run(feed, pinned)) {
                // the values are in the pinned buffers
            } catch (OrtException e) {
                return null;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            j = 0;
            for (String name : outputNames) {
                float[] data = new float[Tensor.elements(shapes[j])];
                buffers[j].position(0);
                buffers[j].get(data);
                out.put(name, new Tensor(name, shapes[j].clone(), data));
                j++;
            }
            return out;
        } finally {
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    private static String shapeKey(Collection<Tensor> inputs, Collection<String> outputNames) {
        StringBuilder b = new StringBuilder();
        for (Tensor t : inputs) b.append(t.name()).append(java.util.Arrays.toString(t.shape())).append(';');
        return b.append(outputNames).toString();
    }

    /** The native session, for {@link ModelCalls}' bare replays only. */
    OrtSession session() { return session; }

    /** Runs a model of one input and one output. */
    public Tensor run(Tensor input, String outputName) {
        return run(List.of(input), List.of(outputName)).get(outputName);
    }

    /** Releases the native session; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        if (s == null) return;
        try {
            s.close();
        } catch (OrtException e) {
            // nothing useful to do: the native session is gone either way
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
