package io.unosynth.runtime.sampling;

/** The FLUX transformer: given noisy image tokens (and clean reference tokens after them), predicts velocities. */
public interface FlowTransformer {
    /**
     * @return the prediction for every image token, {@code [batch, imageTokens, 64]}, in the order of
     *     {@link FlowInput#hiddenStates()}
     */
    float[] predict(FlowInput input);
}
