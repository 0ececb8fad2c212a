package org.fr.onnx;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.fr.ModelException;

/**
 * The {@link OnnxModel} runs that one action made on the calling thread, captured with copies of their input
 * tensors so that they can be replayed as bare onnxruntime calls: the input tensors are built once, and
 * {@link #replay()} does nothing but {@code OrtSession.run} on each. This is the baseline against which benchmarks
 * measure what the SDK adds around its networks (resizing, normalising, decoding, copying), for any component
 * built on {@link OnnxModel}, whatever its name, without its cooperation.
 *
 * <p>Recording costs the models nothing when it is off (one thread-local read per run). An instance is not
 * thread-safe (replay it from one thread at a time); it holds native tensors, so close it. Closing it does not close
 * the models, which must outlive it.
 */
public final class ModelCalls implements AutoCloseable {
    private static final ThreadLocal<List<Captured>> RECORDING = new ThreadLocal<>();

    private record Captured(OnnxModel model, List<Tensor> inputs, List<String> outputs) {}

    private record Prepared(OrtSession session, Map<String, OnnxTensor> feed, Set<String> outputs) {}

    private final List<Prepared> calls;
    private final List<String> models;

    private ModelCalls(List<Prepared> calls, List<String> models) {
        this.calls = calls;
        this.models = models;
    }

    /** Runs {@code action} on this thread and captures every model run it makes (nested recording is refused). */
    public static ModelCalls record(Runnable action) {
        if (RECORDING.get() != null) throw new IllegalStateException("already recording model calls on this thread");
        List<Captured> captured = new ArrayList<>();
        RECORDING.set(captured);
        try {
            action.run();
        } finally {
            RECORDING.remove();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<Prepared> prepared = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            for (Captured c : captured) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                prepared.add(new Prepared(c.model().session(), feed, new LinkedHashSet<>(c.outputs())));
                for (Tensor t : c.inputs()) feed.put(t.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape()));
                ids.add(c.model().modelId());
            }
        } catch (OrtException e) {
            prepared.forEach(p -> p.feed().values().forEach(OnnxTensor::close));
            throw new ModelException("cannot prepare recorded model inputs: " + e.getMessage(), e);
        }
        return new ModelCalls(prepared, ids);
    }

    /** Whether this thread is recording (so that callers build a copy of their inputs only then). */
    static boolean recording() { return RECORDING.get() != null; }

    static void noteCall(OnnxModel model, Collection<Tensor> inputs, Collection<String> outputs) {
        List<Captured> rec = RECORDING.get();
        if (rec == null) return;
        List<Tensor> copies = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) copies.add(new Tensor(t.name(), t.shape(), t.data().clone()));
        rec.add(new Captured(model, copies, List.copyOf(outputs)));
    }

    /** How many model runs were captured. */
    public int count() { return calls.size(); }

    /** The model id of each captured run, in order. */
    public List<String> modelIds() { return List.copyOf(models); }

    /**
     * Runs every captured call again as a bare {@code OrtSession.run} on the prebuilt inputs (outputs are produced
     * by onnxruntime and released unread).
     *
     * @return the number of output values produced, so that callers can consume it
     */
    public long replay() {
        long values = 0;
        try {
            for (Prepared p : calls) {
                try (OrtSession.Result r = p.session().run(p.feed(), p.outputs())) {
                    values += r.size();
                }
            }
        } catch (OrtException e) {
            throw new ModelException("replaying a recorded model call failed: " + e.getMessage(), e);
        }
        return values;
    }

    @Override
    public void close() {
        for (Prepared p : calls) p.feed().values().forEach(OnnxTensor::close);
        calls.clear();
    }
}
