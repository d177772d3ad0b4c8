package io.unosynth.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.runtime.sampling.GaussianNoise;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.BFloat16;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.TorchTensors;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.train.EncodedPair;
import io.unosynth.trainer.train.FlowMatchingTrainer;
import io.unosynth.trainer.train.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step time and peak resident memory of LoRA training steps, with and without activation checkpointing. One
 * configuration per JVM, because the peak (VmHWM) only grows:
 * <pre>
 *   java -cp ... io.unosynth.trainer.bench.TrainStepHarness mini|mid full|checkpointed [steps [fp32|bf16 [devices [batch]]]]
 * </pre>
 * {@code devices} is a {@code train.devices} value (default {@code default}; {@code cpu,cpu} runs two data-parallel
 * replicas on the CPU), {@code batch} the micro-batch size (default 1).
 * mini: the test DiT (hidden 64, 2 + 2 blocks), 16 + 16 image tokens, 8 text tokens. mid: hidden 512, 8 heads,
 * 4 double + 8 single blocks, 32x32 target + 32x32 reference tokens (1,024 + 1,024), 64 text tokens 256 wide.
 * Prints the resident memory before the first step, the peak after the last, their difference (the training
 * steps' own peak) and the mean time of the steps after the first. {@code bf16} holds the base in bf16
 * ({@code train.precision = bf16}); the line then also gives the base's held bytes.
 */
public final class TrainStepHarness {
    private TrainStepHarness() {}

    public static void main(String[] args) throws Exception {
        boolean mid = args[0].equals("mid");
        boolean checkpointed = args[1].equals("checkpointed");
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String precision = args.length > 3 ? args[3] : "fp32";
        String devices = args.length > 4 ? args[4] : TrainConfig.DEVICES_DEFAULT;
        String batch = args.length > 5 ? args[5] : "1";
        DiTParams params = mid
                ? new DiTParams(64, 64, 128, 256, 512, 4.0, 8, 4, 8, List.of(16, 24, 24), 10_000, true, true)
                : DiTParams.MINIATURE;
        int side = mid ? 32 : 4;
        int textTokens = mid ? 64 : 8;
        FluxDiT dit = new FluxDiT(params);
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights base = randomWeights(dit, manager, precision.equals("bf16"));
            Grid grid = new Grid(side, side);
            float[] target = GaussianNoise.sample(1, side * side * 64);
            PromptEmbeddings prompt = new PromptEmbeddings(1, textTokens, params.contextInDim(),
                    GaussianNoise.sample(2, textTokens * params.contextInDim()), params.vecInDim(),
                    GaussianNoise.sample(3, params.vecInDim()));
            TrainingSet data = new TrainingSet(List.of(new EncodedPair(target, grid, List.of(target.clone()),
                    List.of(grid), prompt)), prompt);
            TrainConfig config = TrainConfig.from(ConfigValues.of(Map.of("train.lora-rank", mid ? "64" : "16",
                    "train.activation-checkpointing", String.valueOf(checkpointed), "train.warmup-steps", "0",
                    "train.learning-rate", "1e-4", "train.precision", precision, "train.devices", devices,
                    "train.batch-size", batch)));
            FlowMatchingTrainer trainer = FlowMatchingTrainer.start(dit, base, data, config, null, manager);
            long before = status("VmRSS");
            long[] times = new long[steps];
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                trainer.step();
                times[i] = System.nanoTime() - start;
            }
            long peak = status("VmHWM");
            double meanMs = 0;
            for (int i = 1; i < steps; i++) {
                meanMs += times[i] / 1e6 / (steps - 1);
            }
            System.out.printf("%s %s %s devices %s batch %s: base held %,d bytes, RSS before %d MB, peak %d MB, "
                    + "training peak %d MB, step %.0f ms (mean of %d)%n", args[0], args[1], precision, devices, batch,
                    base.heldBytes(), before >> 10, peak >> 10, (peak - before) >> 10, meanMs, steps - 1);
        }
    }

    /** Random base weights: N(0, 0.02) matrices and biases, RMSNorm scales of 1; in bf16 if asked. */
    static Weights randomWeights(FluxDiT dit, NDManager manager, boolean bf16) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        long seed = 100;
        for (Map.Entry<String, long[]> parameter : dit.parameterShapes().shapes().entrySet()) {
            Shape shape = new Shape(parameter.getValue());
            NDArray tensor;
            if (parameter.getKey().endsWith(".scale")) {
                tensor = manager.ones(shape);
            } else {
                float[] values = GaussianNoise.sample(seed++, (int) shape.size());
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 0.02f;
                }
                tensor = TorchTensors.of(manager, values, shape);
            }
            if (bf16) {
                NDArray wide = tensor;
                tensor = BFloat16.narrow(wide);
                wide.close(); // only the bf16 copy is held
            }
            tensors.put(parameter.getKey(), tensor);
        }
        return Weights.of(tensors, dit.parameterShapes());
    }

    /** A {@code /proc/self/status} field in kB. */
    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("No " + field + " in /proc/self/status");
    }
}
