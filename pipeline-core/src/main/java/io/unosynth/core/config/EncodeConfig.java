package io.unosynth.core.config;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.util.List;

/**
 * The encode stage: VAE latents and prompt embeddings of the exported pairs, so training runs the DiT only.
 *
 * @param resolution the side of the square bucket; the aspect buckets span {@code resolution/2 x 3*resolution/2}
 *     to {@code 3*resolution/2 x resolution/2} in steps of {@code resolution/8} (UNO: 512, 256x768 .. 768x256);
 *     a multiple of 128 so every bucket side is a multiple of 16 (the VAE's 8 times the DiT's 2x2 patches)
 * @param taskGpus GPUs each encode task asks for on a cluster (ignored in local mode); 0 = none
 */
public record EncodeConfig(int resolution, double taskGpus) implements Serializable {
    public static final String RESOLUTION = "encode.resolution";
    public static final int RESOLUTION_DEFAULT = 512;
    public static final String TASK_GPUS = "encode.task-gpus";
    public static final double TASK_GPUS_DEFAULT = 0;

    public EncodeConfig {
        ValidationException.check(resolution >= 128 && resolution % 128 == 0, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must be a positive multiple of 128", RESOLUTION, resolution);
    }

    public static EncodeConfig defaults() {
        return from(new ConfigValues(List.of()));
    }

    public static EncodeConfig from(ConfigValues values) {
        return new EncodeConfig(
                values.intAtLeast(RESOLUTION, RESOLUTION_DEFAULT, 128),
                values.doubleIn(TASK_GPUS, TASK_GPUS_DEFAULT, 0.0, 64.0));
    }
}
