package io.unosynth.trainer.dit;

import io.unosynth.runtime.sampling.GaussianNoise;
import io.unosynth.trainer.safetensors.SafetensorsWriter;
import io.unosynth.trainer.safetensors.TensorDtype;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A seeded random base DiT, for demos and tests where no FLUX checkpoint is at hand: N(0, 0.02) matrices and
 * biases, RMSNorm scales of 1, under FLUX's names. It is a real network but not a trained one; the file says so in
 * its metadata.
 */
public final class RandomBase {
    public static final String METADATA_KEY = "unosynth";
    public static final String METADATA_VALUE = "random demo base (seeded), not a trained model";

    private RandomBase() {}

    /** Writes the weights as float32 {@code .safetensors}; byte-identical for the same params and seed. */
    public static void write(DiTParams params, long seed, OutputStream out) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(Map.of(METADATA_KEY, METADATA_VALUE));
        long tensorSeed = seed;
        for (Map.Entry<String, long[]> parameter : new FluxDiT(params).parameterShapes().shapes().entrySet()) {
            long[] shape = parameter.getValue();
            int size = 1;
            for (long side : shape) {
                size = Math.multiplyExact(size, (int) side);
            }
            float[] values;
            if (parameter.getKey().endsWith(".scale")) {
                values = new float[size];
                java.util.Arrays.fill(values, 1f);
            } else {
                values = GaussianNoise.sample(tensorSeed++, size);
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 0.02f;
                }
            }
            writer.add(parameter.getKey(), TensorDtype.F32, shape, values);
        }
        writer.writeTo(out);
    }
}
