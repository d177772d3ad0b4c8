package io.unosynth.runtime.spi;

import java.util.List;
import java.util.Map;

/**
 * One loaded model on one device. {@link #run} is thread-safe: every task thread of an executor shares the session
 * (through {@code ModelRegistry}); it is closed once, when its last lease is released.
 */
public interface ModelSession extends AutoCloseable {
    String modelName();

    Device device();

    /** The model's inputs and outputs with their types and shapes (-1 for dynamic dimensions). */
    ModelSignature signature();

    default List<TensorSpec> inputs() {
        return signature().inputs();
    }

    default List<TensorSpec> outputs() {
        return signature().outputs();
    }

    /**
     * Runs the model once. Inputs are checked against {@link #signature()} before the engine is called; a mismatch
     * is a {@code PipelineException} with code {@code INVALID_INPUT} naming the model and the input.
     *
     * @return every output, by name, in the signature's order
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs);

    @Override
    void close();
}
