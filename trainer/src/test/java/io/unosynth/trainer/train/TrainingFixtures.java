package io.unosynth.trainer.train;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.runtime.sampling.GaussianNoise;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.DiTParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Encoded pairs for the miniature DiT: 2x2-token targets, one 2x2 reference each, 4 text tokens. */
final class TrainingFixtures {
    static final Grid GRID = new Grid(2, 2);
    static final int TEXT_TOKENS = 4;

    private TrainingFixtures() {}

    /**
     * {@code count} pairs whose reference is its target latent (as a subject reference shows the subject), latents
     * with standard deviation {@code scale}, random prompts.
     */
    static TrainingSet pairs(int count, float scale, long seed) {
        DiTParams p = DiTParams.MINIATURE;
        List<EncodedPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] target = GaussianNoise.sample(seed + 10L * i, 4 * EncodedPair.FEATURES);
            for (int j = 0; j < target.length; j++) {
                target[j] *= scale;
            }
            pairs.add(new EncodedPair(target, GRID, List.of(target.clone()), List.of(GRID),
                    prompt(seed + 10L * i + 1, p)));
        }
        return new TrainingSet(pairs, prompt(seed - 1, p));
    }

    static PromptEmbeddings prompt(long seed, DiTParams p) {
        return new PromptEmbeddings(1, TEXT_TOKENS, p.contextInDim(),
                GaussianNoise.sample(seed, TEXT_TOKENS * p.contextInDim()), p.vecInDim(),
                GaussianNoise.sample(seed + 5, p.vecInDim()));
    }

    /** UNO's defaults, overridden by {@code keyValues} (keys without the {@code train.} prefix). */
    static TrainConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put("train." + keyValues[i], keyValues[i + 1]);
        }
        return TrainConfig.from(ConfigValues.of(values));
    }
}
