package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The generate stage: diptych size, sampler settings, how pairs are cut and batched. Sampler defaults follow UNO
 * (25 steps, guidance 4, FLUX's shifted schedule); the size is UNO's data size, a 1024x512 diptych of two 512^2
 * halves.
 *
 * @param maxPairsPerCategory plan rows rendered per category, 0 for all; the default keeps a first run small
 * @param taskGpus GPUs each generate task asks for on a cluster (a Spark stage-level resource profile; ignored in
 *     local mode); 0 = none, 1 = one task per GPU (the FLUX transformer fills a GPU), fractions share one
 * @param schedule {@code flux}: FLUX's shift from the true token count; {@code uno-inference}: as UNO's released
 *     inference code
 */
public record GenerateConfig(
        int width,
        int height,
        int steps,
        double guidance,
        Schedule schedule,
        int batchSize,
        int pairsPerShard,
        int maxPairsPerCategory,
        int splitMargin,
        double taskGpus) implements Serializable {

    public static final String WIDTH = "generate.width";
    public static final int WIDTH_DEFAULT = 1024;
    public static final String HEIGHT = "generate.height";
    public static final int HEIGHT_DEFAULT = 512;
    public static final String STEPS = "generate.steps";
    public static final int STEPS_DEFAULT = 25;
    public static final String GUIDANCE = "generate.guidance";
    public static final double GUIDANCE_DEFAULT = 4.0;
    public static final String SCHEDULE = "generate.schedule";
    public static final Schedule SCHEDULE_DEFAULT = Schedule.FLUX;
    public static final String BATCH_SIZE = "generate.batch-size";
    public static final int BATCH_SIZE_DEFAULT = 2;
    public static final String PAIRS_PER_SHARD = "generate.pairs-per-shard";
    public static final int PAIRS_PER_SHARD_DEFAULT = 16;
    public static final String MAX_PAIRS_PER_CATEGORY = "generate.max-pairs-per-category";
    public static final int MAX_PAIRS_PER_CATEGORY_DEFAULT = 2;
    public static final String SPLIT_MARGIN = "generate.split-margin";
    public static final int SPLIT_MARGIN_DEFAULT = 0;
    public static final String TASK_GPUS = "generate.task-gpus";
    public static final double TASK_GPUS_DEFAULT = 0;

    public GenerateConfig {
        requireNonNull(schedule, "schedule is null");
    }

    public static GenerateConfig from(ConfigValues values) {
        int width = values.intAtLeast(WIDTH, WIDTH_DEFAULT, 32);
        int height = values.intAtLeast(HEIGHT, HEIGHT_DEFAULT, 16);
        if (width % 32 != 0) {
            throw values.invalid(WIDTH, "expected a multiple of 32 (two halves, each a multiple of 16)");
        }
        if (height % 16 != 0) {
            throw values.invalid(HEIGHT, "expected a multiple of 16");
        }
        GenerateConfig config = new GenerateConfig(width, height,
                values.intAtLeast(STEPS, STEPS_DEFAULT, 1),
                values.doubleIn(GUIDANCE, GUIDANCE_DEFAULT, 0.0, 100.0),
                values.enumValue(SCHEDULE, Schedule.class, SCHEDULE_DEFAULT),
                values.intAtLeast(BATCH_SIZE, BATCH_SIZE_DEFAULT, 1),
                values.intAtLeast(PAIRS_PER_SHARD, PAIRS_PER_SHARD_DEFAULT, 1),
                values.intAtLeast(MAX_PAIRS_PER_CATEGORY, MAX_PAIRS_PER_CATEGORY_DEFAULT, 0),
                values.intAtLeast(SPLIT_MARGIN, SPLIT_MARGIN_DEFAULT, 0),
                values.doubleIn(TASK_GPUS, TASK_GPUS_DEFAULT, 0, 64));
        if (2 * config.splitMargin() >= Math.min(width / 2, height)) {
            throw values.invalid(SPLIT_MARGIN, "expected a margin smaller than half of each half's sides");
        }
        return config;
    }

    /** The timestep schedule variant. */
    public enum Schedule {
        FLUX,
        UNO_INFERENCE
    }
}
