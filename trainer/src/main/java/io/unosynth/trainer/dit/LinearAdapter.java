package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;

/**
 * An additive path beside one of the transformer's linear layers (UNO's LoRA): the layer's output becomes
 * {@code linear(x) + delta(site, x)}. Sites are named as UNO's processors name them, e.g.
 * {@code double_blocks.3.processor.qkv_lora1}.
 */
public interface LinearAdapter {
    /** No adapter: the base model. */
    LinearAdapter NONE = (site, input) -> null;

    /** @return the delta to add, {@code [..., out]}, or {@code null} when this site has no adapter */
    NDArray delta(String site, NDArray input);

    /** {@code base + delta(site, input)}, or {@code base} alone. */
    default NDArray apply(String site, NDArray input, NDArray base) {
        NDArray delta = delta(site, input);
        return delta == null ? base : base.add(delta);
    }
}
