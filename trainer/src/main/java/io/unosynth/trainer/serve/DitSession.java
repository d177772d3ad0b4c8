package io.unosynth.trainer.serve;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.contracts.flux.FlowPreprocessor;
import io.unosynth.runtime.contracts.flux.OnnxFlowTransformer;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.spi.ValidatingSession;
import io.unosynth.trainer.dit.DiTFlowTransformer;
import io.unosynth.trainer.dit.DiTParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DJL DiT behind the FLUX export's session contract (REFERENCE.md section 4), float32:
 * <pre>
 *   hidden_states [B, N, 64], encoder_hidden_states [B, T, context], pooled_projections [B, vec], timestep [B],
 *   img_ids [N, 3], txt_ids [T, 3], guidance [B] (guidance-distilled DiTs only)  ->  latent [B, N, 64]
 * </pre>
 * Inputs are taken by position, as DJL's TorchScript sessions take them, so the names are whatever the caller
 * declared (the contract names mapped by {@code models.<name>.input.*}). Every image token is predicted, as the
 * exports do; the sampler keeps the target's.
 */
final class DitSession extends ValidatingSession {
    private static final int INPUTS = 7;

    private final DiTFlowTransformer transformer;
    private final NDManager manager;

    DitSession(String modelName, Device device, ModelSignature signature, DiTFlowTransformer transformer,
            NDManager manager) {
        super(modelName, device, signature);
        this.transformer = requireNonNull(transformer, "transformer is null");
        this.manager = requireNonNull(manager, "manager is null");
    }

    /**
     * The contract's slots with this DiT's widths, named as {@code declared} names them (in the contract's order),
     * or with the contract's own names when nothing is declared.
     */
    static ModelSignature signature(DiTParams params, ModelSignature declared, String modelName) {
        ModelSignature contract = new ModelSignature(List.of(
                TensorSpec.of(FlowPreprocessor.HIDDEN_STATES, DataType.FLOAT32, -1, -1, params.inChannels()),
                TensorSpec.of(FlowPreprocessor.ENCODER_HIDDEN_STATES, DataType.FLOAT32, -1, -1,
                        params.contextInDim()),
                TensorSpec.of(FlowPreprocessor.POOLED_PROJECTIONS, DataType.FLOAT32, -1, params.vecInDim()),
                TensorSpec.of(FlowPreprocessor.TIMESTEP, DataType.FLOAT32, -1),
                TensorSpec.of(FlowPreprocessor.IMG_IDS, DataType.FLOAT32, -1, 3),
                TensorSpec.of(FlowPreprocessor.TXT_IDS, DataType.FLOAT32, -1, 3),
                TensorSpec.of(FlowPreprocessor.GUIDANCE, DataType.FLOAT32, -1)),
                List.of(TensorSpec.of(OnnxFlowTransformer.LATENT, DataType.FLOAT32, -1, -1, params.outChannels())));
        if (declared.isEmpty()) {
            return withoutGuidance(contract, params);
        }
        if (declared.inputs().size() != INPUTS || declared.outputs().size() != 1) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot load model '" + modelName
                    + "' with the dit backend: it serves the FLUX transformer contract " + contract.inputNames()
                    + " -> " + contract.outputNames() + ", the caller declared " + declared.inputNames() + " -> "
                    + declared.outputNames());
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(renamed(contract.inputs().get(i), declared.inputs().get(i), modelName));
        }
        return withoutGuidance(new ModelSignature(inputs,
                List.of(renamed(contract.outputs().get(0), declared.outputs().get(0), modelName))), params);
    }

    /**
     * The contract's slot under the declared name. {@code precision = bf16} declares bf16 activations (as for a bf16
     * export); the session still takes and gives float32 (the base alone is bf16), and says so in its signature.
     */
    private static TensorSpec renamed(TensorSpec slot, TensorSpec declared, String modelName) {
        if (declared.dataType() != DataType.FLOAT32 && declared.dataType() != DataType.BFLOAT16) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot load model '" + modelName
                    + "' with the dit backend: its inputs and outputs are float32, '" + declared.name() + "' is declared "
                    + declared.dataType().displayName() + " (set models." + modelName + ".precision = auto, fp32 or bf16)");
        }
        return new TensorSpec(declared.name(), slot.dataType(), slot.shape());
    }

    /** A DiT without guidance embedding (schnell-like) has no guidance input, as such exports have none. */
    private static ModelSignature withoutGuidance(ModelSignature signature, DiTParams params) {
        return params.guidanceEmbed() ? signature
                : new ModelSignature(signature.inputs().subList(0, INPUTS - 1), signature.outputs());
    }

    @Override
    protected Map<String, Tensor> runValidated(Map<String, Tensor> inputs) {
        List<TensorSpec> specs = signature().inputs();
        Tensor hidden = inputs.get(specs.get(0).name());
        Tensor text = inputs.get(specs.get(1).name());
        Tensor pooled = inputs.get(specs.get(2).name());
        Tensor timestep = inputs.get(specs.get(3).name());
        Tensor imageIds = inputs.get(specs.get(4).name());
        Tensor textIds = inputs.get(specs.get(5).name());
        int batch = (int) hidden.dimension(0);
        int imageTokens = (int) hidden.dimension(1);
        int textTokens = (int) text.dimension(1);
        checkDimension(specs.get(1), text.dimension(0), batch, "batch", specs.get(0));
        checkDimension(specs.get(2), pooled.dimension(0), batch, "batch", specs.get(0));
        checkDimension(specs.get(3), timestep.dimension(0), batch, "batch", specs.get(0));
        checkDimension(specs.get(4), imageIds.dimension(0), imageTokens, "token count", specs.get(0));
        checkDimension(specs.get(5), textIds.dimension(0), textTokens, "token count", specs.get(1));
        float[] guidance;
        if (specs.size() == INPUTS) {
            Tensor given = inputs.get(specs.get(INPUTS - 1).name());
            checkDimension(specs.get(INPUTS - 1), given.dimension(0), batch, "batch", specs.get(0));
            guidance = given.toFloatArray();
        } else {
            guidance = new float[batch]; // unused: the DiT has no guidance embedding
        }
        PromptEmbeddings prompt = new PromptEmbeddings(batch, textTokens, (int) text.dimension(2),
                text.toFloatArray(), (int) pooled.dimension(1), pooled.toFloatArray());
        FlowInput input = new FlowInput(batch, imageTokens, hidden.toFloatArray(), prompt, timestep.toFloatArray(),
                imageIds.toFloatArray(), textIds.toFloatArray(), guidance);
        float[] latent;
        try {
            latent = transformer.predict(input);
        } catch (EngineException e) {
            String message = String.valueOf(e.getMessage());
            PipelineErrorCode code = message.toLowerCase(Locale.ROOT).contains("out of memory")
                    ? PipelineErrorCode.GPU_OUT_OF_MEMORY : PipelineErrorCode.INTERNAL;
            throw new PipelineException(code, "Cannot run model '" + modelName() + "' on " + device() + ": "
                    + message, e);
        }
        TensorSpec output = signature().outputs().get(0);
        return Map.of(output.name(), Tensor.ofFloats(latent, batch, imageTokens, output.shape().get(2)));
    }

    private void checkDimension(TensorSpec spec, long actual, long expected, String what, TensorSpec source) {
        if (actual != expected) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid input to model '" + modelName()
                    + "': input '" + spec.name() + "' has " + what + " " + actual + ", '" + source.name()
                    + "' has " + expected);
        }
    }

    @Override
    protected void closeEngine() {
        manager.close();
    }
}
