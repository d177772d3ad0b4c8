package io.unosynth.runtime.contracts.flux;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.FlowTransformer;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FLUX transformer contract on a session (REFERENCE.md section 4): inputs as {@link FlowPreprocessor} lays
 * them out, in the types the export declares (float32, or bfloat16/float16 activations), output
 * {@code latent [B, N, 64]} (mapped, e.g. {@code models.flux.output.latent = out_hidden_states}), read as float32.
 * N is dynamic, so noisy target and clean reference tokens go through one call.
 */
public final class OnnxFlowTransformer implements FlowTransformer {
    public static final String LATENT = "latent";
    /** The FLUX export's order (REFERENCE.md section 4); guidance only in dev exports. */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(FlowPreprocessor.HIDDEN_STATES, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC,
                    FlowInput.FEATURES)
            .input(FlowPreprocessor.ENCODER_HIDDEN_STATES, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC,
                    TensorSpec.DYNAMIC)
            .input(FlowPreprocessor.POOLED_PROJECTIONS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .input(FlowPreprocessor.TIMESTEP, Kind.ACTIVATION, TensorSpec.DYNAMIC)
            .input(FlowPreprocessor.IMG_IDS, Kind.FLOAT32, TensorSpec.DYNAMIC, 3)
            .input(FlowPreprocessor.TXT_IDS, Kind.FLOAT32, TensorSpec.DYNAMIC, 3)
            .input(FlowPreprocessor.GUIDANCE, Kind.ACTIVATION, TensorSpec.DYNAMIC)
            .output(LATENT, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, FlowInput.FEATURES)
            .build();
    private static final List<String> REQUIRED = List.of(FlowPreprocessor.HIDDEN_STATES,
            FlowPreprocessor.ENCODER_HIDDEN_STATES, FlowPreprocessor.POOLED_PROJECTIONS, FlowPreprocessor.TIMESTEP,
            FlowPreprocessor.IMG_IDS, FlowPreprocessor.TXT_IDS);

    private final ContractSession session;
    private final Map<String, DataType> types;

    public OnnxFlowTransformer(ContractSession session) {
        this.session = requireNonNull(session, "session is null");
        Map<String, DataType> inputTypes = new LinkedHashMap<>();
        for (String name : REQUIRED) {
            inputTypes.put(name, session.floatInputType(name));
        }
        // FLUX.1-schnell exports have no guidance input; dev exports do.
        if (session.hasInput(FlowPreprocessor.GUIDANCE)) {
            inputTypes.put(FlowPreprocessor.GUIDANCE, session.floatInputType(FlowPreprocessor.GUIDANCE));
        }
        this.types = Map.copyOf(inputTypes);
        session.requireOutput(LATENT, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16);
    }

    /** The type the export takes for contract input {@code name}, e.g. bfloat16 activations. */
    public DataType inputType(String name) {
        return types.get(name);
    }

    @Override
    public float[] predict(FlowInput input) {
        Tensor latent = session.run(FlowPreprocessor.tensors(input, types), List.of(LATENT)).get(LATENT);
        session.checkShape(LATENT, latent, input.batch(), input.imageTokens(), FlowInput.FEATURES);
        return latent.toFloatArray();
    }
}
