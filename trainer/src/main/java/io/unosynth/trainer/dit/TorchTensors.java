package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors from Java arrays whose memory libtorch owns. DJL's {@code create} wraps a Java direct buffer without
 * copying; a tensor derived from it (a view, an autograd-saved input, a gradient torch adopts) may then outlive the
 * buffer. Copying once into libtorch's allocator rules that out.
 */
public final class TorchTensors {
    private TorchTensors() {}

    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return wrapped.duplicate();
        }
    }
}
