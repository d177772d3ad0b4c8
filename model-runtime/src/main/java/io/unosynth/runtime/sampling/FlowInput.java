package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One transformer call, in the FLUX export's layouts.
 *
 * @param hiddenStates {@code [batch, imageTokens, 64]}: noisy target tokens, then clean reference tokens
 * @param imageIds {@code [imageTokens, 3]}
 * @param textIds {@code [text.tokens(), 3]}
 * @param timestep {@code [batch]}, raw t in [0, 1]
 * @param guidance {@code [batch]}, distilled guidance
 */
public record FlowInput(int batch, int imageTokens, float[] hiddenStates, PromptEmbeddings text, float[] timestep,
        float[] imageIds, float[] textIds, float[] guidance) {
    public static final int FEATURES = 64;

    public FlowInput {
        requireNonNull(text, "text is null");
        checkArgument(hiddenStates.length == batch * imageTokens * FEATURES,
                "Invalid hidden_states: %s values for [%s, %s, %s]", hiddenStates.length, batch, imageTokens, FEATURES);
        checkArgument(imageIds.length == imageTokens * 3, "Invalid img_ids: %s values for [%s, 3]", imageIds.length,
                imageTokens);
        checkArgument(textIds.length == text.tokens() * 3, "Invalid txt_ids: %s values for [%s, 3]", textIds.length,
                text.tokens());
        checkArgument(timestep.length == batch && guidance.length == batch, "Invalid timestep/guidance length");
    }
}
