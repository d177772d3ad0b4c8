package io.unosynth.runtime.contracts.flux;

import io.unosynth.runtime.contracts.FloatTensors;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sampler step as the FLUX export's inputs (contract names), each in the type the export declares. Pure:
 * <pre>
 *   hidden_states [B, N, 64], encoder_hidden_states [B, T, context], pooled_projections [B, pooled],
 *   timestep [B], img_ids [N, 3], txt_ids [T, 3], guidance [B] (only when the export has it)
 * </pre>
 */
public final class FlowPreprocessor {
    public static final String HIDDEN_STATES = "hidden_states";
    public static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
    public static final String POOLED_PROJECTIONS = "pooled_projections";
    public static final String TIMESTEP = "timestep";
    public static final String IMG_IDS = "img_ids";
    public static final String TXT_IDS = "txt_ids";
    public static final String GUIDANCE = "guidance";

    private FlowPreprocessor() {}

    /**
     * @param types the floating-point type of each contract input; an input missing from it (guidance of a
     *     guidance-free export) is left out
     */
    public static Map<String, Tensor> tensors(FlowInput input, Map<String, DataType> types) {
        PromptEmbeddings text = input.text();
        long batch = input.batch();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        put(tensors, types, HIDDEN_STATES, input.hiddenStates(), batch, input.imageTokens(), FlowInput.FEATURES);
        put(tensors, types, ENCODER_HIDDEN_STATES, text.tokenEmbeddings(), batch, text.tokens(), text.width());
        put(tensors, types, POOLED_PROJECTIONS, text.pooled(), batch, text.pooledWidth());
        put(tensors, types, TIMESTEP, input.timestep(), batch);
        put(tensors, types, IMG_IDS, input.imageIds(), input.imageTokens(), 3);
        put(tensors, types, TXT_IDS, input.textIds(), text.tokens(), 3);
        put(tensors, types, GUIDANCE, input.guidance(), batch);
        return tensors;
    }

    private static void put(Map<String, Tensor> tensors, Map<String, DataType> types, String name, float[] values,
            long... shape) {
        DataType type = types.get(name);
        if (type != null) {
            tensors.put(name, FloatTensors.of(type, values, shape));
        }
    }
}
