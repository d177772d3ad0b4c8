package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The evaluate stage (DreamBench protocol): where the evaluation set is, how many images per (subject, prompt) the
 * model under test generates and how, and which configured models embed them. The same {@code seed} gives the
 * same per-image seeds, so two rounds of a model are compared on the same noise.
 *
 * @param set the evaluation set directory (a folder per subject and {@code prompts.tsv}); empty = not configured
 * @param imagesPerPrompt K, images generated per (subject, prompt); DreamBench's protocol uses 4
 * @param references how many of a subject's photos (first by name) are UnoPE references, 1..4
 * @param resolution side of the square generated images, a multiple of 16
 */
public record EvaluateConfig(
        String set,
        int imagesPerPrompt,
        long seed,
        int resolution,
        int steps,
        double guidance,
        int references,
        String dinoModel,
        String clipVisionModel,
        String clipTextModel) implements Serializable {

    public static final String SET = "evaluate.set";
    public static final String SET_DEFAULT = "";
    public static final String IMAGES_PER_PROMPT = "evaluate.images-per-prompt";
    public static final int IMAGES_PER_PROMPT_DEFAULT = 4;
    public static final String SEED = "evaluate.seed";
    public static final long SEED_DEFAULT = 0;
    public static final String RESOLUTION = "evaluate.resolution";
    public static final int RESOLUTION_DEFAULT = 512;
    public static final String STEPS = "evaluate.steps";
    public static final int STEPS_DEFAULT = 25;
    public static final String GUIDANCE = "evaluate.guidance";
    public static final double GUIDANCE_DEFAULT = 4.0;
    public static final String REFERENCES = "evaluate.references";
    public static final int REFERENCES_DEFAULT = 1;
    public static final String DINO_MODEL = "evaluate.dino-model";
    public static final String DINO_MODEL_DEFAULT = "dino-v1";
    public static final String CLIP_VISION_MODEL = "evaluate.clip-vision-model";
    public static final String CLIP_VISION_MODEL_DEFAULT = "clip-vision";
    public static final String CLIP_TEXT_MODEL = "evaluate.clip-text-model";
    public static final String CLIP_TEXT_MODEL_DEFAULT = "clip-text-projected";
    /** UNO's reference limit (SampleRequest.MAX_REFERENCES in the runtime). */
    public static final int MAX_REFERENCES = 4;

    public EvaluateConfig {
        requireNonNull(set, "set is null");
        requireNonNull(dinoModel, "dinoModel is null");
        requireNonNull(clipVisionModel, "clipVisionModel is null");
        requireNonNull(clipTextModel, "clipTextModel is null");
    }

    public static EvaluateConfig from(ConfigValues values) {
        int resolution = values.intAtLeast(RESOLUTION, RESOLUTION_DEFAULT, 16);
        if (resolution % 16 != 0) {
            throw values.invalid(RESOLUTION, "expected a multiple of 16");
        }
        int references = values.intAtLeast(REFERENCES, REFERENCES_DEFAULT, 1);
        if (references > MAX_REFERENCES) {
            throw values.invalid(REFERENCES, "expected at most " + MAX_REFERENCES + " (UNO's reference limit)");
        }
        return new EvaluateConfig(values.string(SET, SET_DEFAULT).strip(),
                values.intAtLeast(IMAGES_PER_PROMPT, IMAGES_PER_PROMPT_DEFAULT, 1),
                values.longValue(SEED, SEED_DEFAULT),
                resolution,
                values.intAtLeast(STEPS, STEPS_DEFAULT, 1),
                values.doubleIn(GUIDANCE, GUIDANCE_DEFAULT, 0.0, 100.0),
                references,
                values.string(DINO_MODEL, DINO_MODEL_DEFAULT).strip(),
                values.string(CLIP_VISION_MODEL, CLIP_VISION_MODEL_DEFAULT).strip(),
                values.string(CLIP_TEXT_MODEL, CLIP_TEXT_MODEL_DEFAULT).strip());
    }
}
