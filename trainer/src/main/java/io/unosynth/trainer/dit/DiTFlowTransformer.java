package io.unosynth.trainer.dit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.FlowTransformer;
import io.unosynth.runtime.sampling.PromptEmbeddings;

/**
 * The DJL DiT (base weights plus an optional LoRA, e.g. a trained Stage I model) behind model-runtime's sampler
 * seam. As the FLUX export contract does, it predicts every image token (target and references); the sampler keeps
 * the target's. Each call runs in its own sub-manager, so only the returned floats outlive it.
 */
public final class DiTFlowTransformer implements FlowTransformer {
    private final FluxDiT dit;
    private final Weights weights;
    private final LinearAdapter lora;
    private final NDManager manager;

    public DiTFlowTransformer(FluxDiT dit, Weights weights, LinearAdapter lora, NDManager manager) {
        this.dit = requireNonNull(dit, "dit is null");
        this.weights = requireNonNull(weights, "weights is null");
        this.lora = requireNonNull(lora, "lora is null");
        this.manager = requireNonNull(manager, "manager is null");
    }

    @Override
    public float[] predict(FlowInput input) {
        PromptEmbeddings text = input.text();
        int batch = input.batch();
        try (NDManager call = manager.newSubManager()) {
            DiTInput ditInput = new DiTInput(
                    TorchTensors.of(call, input.hiddenStates(),
                            new Shape(batch, input.imageTokens(), FlowInput.FEATURES)),
                    input.imageIds(),
                    TorchTensors.of(call, text.tokenEmbeddings(), new Shape(batch, text.tokens(), text.width())),
                    input.textIds(),
                    TorchTensors.of(call, input.timestep(), new Shape(batch)),
                    TorchTensors.of(call, text.pooled(), new Shape(batch, text.pooledWidth())),
                    TorchTensors.of(call, input.guidance(), new Shape(batch)),
                    input.imageTokens());
            NDArray out = dit.forward(weights, lora, ditInput);
            return out.toFloatArray();
        }
    }
}
