package io.unosynth.trainer;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.runtime.sampling.UnoPositions;
import java.io.Serializable;

/**
 * The flow-matching LoRA recipe of UNO's released train.py (REFERENCE section 8), every constant a key. Defaults are
 * UNO's, except the learning rate: the paper's 1e-5 (train.py's code default is 1e-2).
 *
 * @param scheduleSteps t is drawn uniformly from the {@code scheduleSteps + 1} values of FLUX's shifted schedule
 *     built for this many steps and the batch's true target token count (UNO: 999, so 1000 values)
 * @param warmupSteps the learning rate ramps linearly from 0 over this many optimizer steps, then stays constant
 * @param batchSize samples per micro-batch; they must share target and reference grids (one bucket, one
 *     reference count per batch, as UNO's loader requires)
 * @param activationCheckpointing recompute each block in the backward pass instead of keeping its activations
 * @param base the base DiT's {@code .safetensors} (FLUX checkpoint names; a local path or any Hadoop URI); empty =
 *     the demo: a seeded random miniature base the train command writes itself (not a trained model)
 * @param dit the architecture {@code base} has: {@code flux-dev} or {@code miniature}
 * @param noisePerPair draw t and the noise from (seed, pair) instead of (seed, sample), so every epoch shows a pair
 *     the same noisy input: a fixed training set to check that training can fit it (UNO draws them per sample)
 * @param devices the devices of the data-parallel replicas ({@link TrainDevices}); each micro-batch's samples are
 *     split across them and their LoRA gradients summed on the first
 * @param precision {@code fp32}, or {@code bf16} as UNO trains (accelerate mixed_precision=bf16): the frozen base
 *     held and multiplied in bf16, the LoRA master weights, their gradients, AdamW moments, EMA and the loss float32
 */
public record TrainConfig(
        int loraRank,
        double learningRate,
        double adamBeta1,
        double adamBeta2,
        double adamEpsilon,
        double weightDecay,
        double maxGradNorm,
        int warmupSteps,
        int gradientAccumulationSteps,
        int batchSize,
        int maxSteps,
        int scheduleSteps,
        double textDropout,
        double guidance,
        boolean ema,
        double emaDecay,
        int emaInterval,
        int checkpointSteps,
        long seed,
        boolean activationCheckpointing,
        UnoPositions.Offset referenceOffset,
        String base,
        DitSize dit,
        boolean noisePerPair,
        TrainDevices devices,
        Precision precision) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String LORA_RANK = "train.lora-rank";
    public static final int LORA_RANK_DEFAULT = 512;
    public static final String LEARNING_RATE = "train.learning-rate";
    public static final double LEARNING_RATE_DEFAULT = 1e-5;
    public static final String ADAM_BETA1 = "train.adam-beta1";
    public static final double ADAM_BETA1_DEFAULT = 0.9;
    public static final String ADAM_BETA2 = "train.adam-beta2";
    public static final double ADAM_BETA2_DEFAULT = 0.999;
    public static final String ADAM_EPSILON = "train.adam-epsilon";
    public static final double ADAM_EPSILON_DEFAULT = 1e-8;
    public static final String WEIGHT_DECAY = "train.weight-decay";
    public static final double WEIGHT_DECAY_DEFAULT = 0.01;
    public static final String MAX_GRAD_NORM = "train.max-grad-norm";
    public static final double MAX_GRAD_NORM_DEFAULT = 1.0;
    public static final String WARMUP_STEPS = "train.warmup-steps";
    public static final int WARMUP_STEPS_DEFAULT = 100;
    public static final String GRADIENT_ACCUMULATION_STEPS = "train.gradient-accumulation-steps";
    public static final int GRADIENT_ACCUMULATION_STEPS_DEFAULT = 1;
    public static final String BATCH_SIZE = "train.batch-size";
    public static final int BATCH_SIZE_DEFAULT = 1;
    public static final String MAX_STEPS = "train.max-steps";
    public static final int MAX_STEPS_DEFAULT = 5000;
    public static final String SCHEDULE_STEPS = "train.schedule-steps";
    public static final int SCHEDULE_STEPS_DEFAULT = 999;
    public static final String TEXT_DROPOUT = "train.text-dropout";
    public static final double TEXT_DROPOUT_DEFAULT = 0.1;
    public static final String GUIDANCE = "train.guidance";
    public static final double GUIDANCE_DEFAULT = 1.0;
    public static final String EMA = "train.ema";
    public static final boolean EMA_DEFAULT = false;
    public static final String EMA_DECAY = "train.ema-decay";
    public static final double EMA_DECAY_DEFAULT = 0.99;
    public static final String EMA_INTERVAL = "train.ema-interval";
    public static final int EMA_INTERVAL_DEFAULT = 1;
    public static final String CHECKPOINT_STEPS = "train.checkpoint-steps";
    public static final int CHECKPOINT_STEPS_DEFAULT = 1000;
    public static final String SEED = "train.seed";
    public static final long SEED_DEFAULT = 42;
    public static final String ACTIVATION_CHECKPOINTING = "train.activation-checkpointing";
    public static final boolean ACTIVATION_CHECKPOINTING_DEFAULT = true;
    public static final String REFERENCE_OFFSET = "train.reference-offset";
    public static final UnoPositions.Offset REFERENCE_OFFSET_DEFAULT = UnoPositions.Offset.DIAGONAL;

    public static final String BASE = "train.base";
    public static final String BASE_DEFAULT = "";
    public static final String DIT = "train.dit";
    public static final DitSize DIT_DEFAULT = DitSize.FLUX_DEV;
    public static final String NOISE_PER_PAIR = "train.noise-per-pair";
    public static final boolean NOISE_PER_PAIR_DEFAULT = false;
    public static final String DEVICES = "train.devices";
    public static final String DEVICES_DEFAULT = "default";

    public static final String PRECISION = "train.precision";
    public static final Precision PRECISION_DEFAULT = Precision.FP32;

    /** The type the frozen base DiT is held and computed in; trainable tensors stay float32 either way. */
    public enum Precision {
        FP32(ai.djl.ndarray.types.DataType.FLOAT32), BF16(ai.djl.ndarray.types.DataType.BFLOAT16);

        private final ai.djl.ndarray.types.DataType baseType;

        Precision(ai.djl.ndarray.types.DataType baseType) {
            this.baseType = baseType;
        }

        /** The type to load the base weights in ({@code Weights.load}). */
        public ai.djl.ndarray.types.DataType baseType() {
            return baseType;
        }
    }

    /** The DiT sizes a base checkpoint can have. */
    public enum DitSize {
        FLUX_DEV(DiTParams.FLUX_DEV), MINIATURE(DiTParams.MINIATURE);

        private final DiTParams params;

        DitSize(DiTParams params) {
            this.params = params;
        }

        public DiTParams params() {
            return params;
        }
    }

    public TrainConfig {
        java.util.Objects.requireNonNull(base, "base is null");
        java.util.Objects.requireNonNull(dit, "dit is null");
        java.util.Objects.requireNonNull(devices, "devices is null");
        java.util.Objects.requireNonNull(precision, "precision is null");
    }

    public static TrainConfig defaults() {
        return from(ConfigValues.of(java.util.Map.of()));
    }

    public static TrainConfig from(ConfigValues values) {
        return new TrainConfig(
                values.intAtLeast(LORA_RANK, LORA_RANK_DEFAULT, 1),
                values.doubleIn(LEARNING_RATE, LEARNING_RATE_DEFAULT, 0.0, 1.0),
                values.doubleIn(ADAM_BETA1, ADAM_BETA1_DEFAULT, 0.0, 0.999999),
                values.doubleIn(ADAM_BETA2, ADAM_BETA2_DEFAULT, 0.0, 0.999999),
                values.doubleIn(ADAM_EPSILON, ADAM_EPSILON_DEFAULT, 1e-30, 1.0),
                values.doubleIn(WEIGHT_DECAY, WEIGHT_DECAY_DEFAULT, 0.0, 1.0),
                values.doubleIn(MAX_GRAD_NORM, MAX_GRAD_NORM_DEFAULT, 1e-12, Double.MAX_VALUE),
                values.intAtLeast(WARMUP_STEPS, WARMUP_STEPS_DEFAULT, 0),
                values.intAtLeast(GRADIENT_ACCUMULATION_STEPS, GRADIENT_ACCUMULATION_STEPS_DEFAULT, 1),
                values.intAtLeast(BATCH_SIZE, BATCH_SIZE_DEFAULT, 1),
                values.intAtLeast(MAX_STEPS, MAX_STEPS_DEFAULT, 1),
                values.intAtLeast(SCHEDULE_STEPS, SCHEDULE_STEPS_DEFAULT, 1),
                values.doubleIn(TEXT_DROPOUT, TEXT_DROPOUT_DEFAULT, 0.0, 1.0),
                values.doubleIn(GUIDANCE, GUIDANCE_DEFAULT, 0.0, 100.0),
                values.bool(EMA, EMA_DEFAULT),
                values.doubleIn(EMA_DECAY, EMA_DECAY_DEFAULT, 0.0, 1.0),
                values.intAtLeast(EMA_INTERVAL, EMA_INTERVAL_DEFAULT, 1),
                values.intAtLeast(CHECKPOINT_STEPS, CHECKPOINT_STEPS_DEFAULT, 1),
                values.longValue(SEED, SEED_DEFAULT),
                values.bool(ACTIVATION_CHECKPOINTING, ACTIVATION_CHECKPOINTING_DEFAULT),
                values.enumValue(REFERENCE_OFFSET, UnoPositions.Offset.class, REFERENCE_OFFSET_DEFAULT),
                values.string(BASE, BASE_DEFAULT).strip(),
                values.enumValue(DIT, DitSize.class, DIT_DEFAULT),
                values.bool(NOISE_PER_PAIR, NOISE_PER_PAIR_DEFAULT),
                devices(values),
                values.enumValue(PRECISION, Precision.class, PRECISION_DEFAULT));
    }

    private static TrainDevices devices(ConfigValues values) {
        try {
            return TrainDevices.parse(values.string(DEVICES, DEVICES_DEFAULT));
        } catch (IllegalArgumentException e) {
            throw values.invalid(DEVICES, e.getMessage());
        }
    }

    /** Samples one optimizer step consumes. */
    public int samplesPerStep() {
        return batchSize * gradientAccumulationSteps;
    }

    /** The learning rate of optimizer step {@code step} (0-based): linear warmup from 0, then constant. */
    public double learningRateAt(long step) {
        if (step >= warmupSteps) {
            return learningRate;
        }
        return learningRate * step / warmupSteps;
    }
}
