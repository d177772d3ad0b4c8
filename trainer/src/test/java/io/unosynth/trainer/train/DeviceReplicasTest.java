package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data parallelism with several replicas on the CPU ({@code train.devices = cpu,cpu}): the same code path as over a
 * node's GPUs, minus the device copies (not exercised here: no GPU).
 */
class DeviceReplicasTest {
    private static final FluxDiT DIT = new FluxDiT(DiTParams.MINIATURE);
    /**
     * Two replicas sum their halves' gradients instead of reducing the whole batch at once, so float rounding
     * differs; over these steps the LoRA stays this close to the single-device run (measured: see the printout).
     */
    private static final double TOLERANCE = 1e-6;
    private static final String[] SETTINGS = {"lora-rank", "4", "learning-rate", "1e-3", "warmup-steps", "2",
            "gradient-accumulation-steps", "2", "text-dropout", "0.5", "checkpoint-steps", "3"};

    @Test
    void twoReplicasMatchOneDeviceWithTheSameGlobalBatch() throws Exception {
        for (String checkpointing : new String[] {"false", "true"}) {
            String[] settings = with(SETTINGS, "batch-size", "4", "max-steps", "5",
                    "activation-checkpointing", checkpointing);
            Run one = train(with(settings, "devices", "default"));
            Run two = train(with(settings, "devices", "cpu,cpu"));
            double difference = maxDifference(two.lora, one.lora);
            System.out.printf("2 replicas vs 1 device (checkpointing %s): max |LoRA difference| %.3g after 5 steps,"
                    + " losses %s vs %s%n", checkpointing, difference, two.losses, one.losses);
            assertThat(difference).isLessThanOrEqualTo(TOLERANCE);
            assertThat(maxDifference(two.lora, initial(settings))).as("training moved the LoRA").isGreaterThan(1e-4);
            for (int i = 0; i < one.losses.size(); i++) {
                assertThat(two.losses.get(i)).isCloseTo(one.losses.get(i), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void twoReplicaRunsAreBitIdentical() throws Exception {
        String[] settings = with(SETTINGS, "batch-size", "4", "max-steps", "4", "devices", "cpu,cpu");
        Run first = train(settings);
        Run second = train(settings);
        assertBitIdentical(second.lora, first.lora);
        assertThat(second.losses).isEqualTo(first.losses);
    }

    /**
     * A batch of 3 over two replicas splits 2 + 1 (each loss weighted by its share); a batch of 1 over three replicas
     * leaves two idle and gives exactly the single-device result.
     */
    @Test
    void batchesThatDoNotDivideByTheDeviceCountSplitUnevenly() throws Exception {
        assertThat(DeviceReplicas.split(3, 2)).containsExactly(2, 1);
        assertThat(DeviceReplicas.split(7, 3)).containsExactly(3, 2, 2);
        assertThat(DeviceReplicas.split(1, 3)).containsExactly(1, 0, 0);

        String[] odd = with(SETTINGS, "batch-size", "3", "max-steps", "3");
        double difference = maxDifference(train(with(odd, "devices", "cpu,cpu")).lora,
                train(with(odd, "devices", "default")).lora);
        System.out.printf("batch 3 over 2 replicas vs 1 device: max |LoRA difference| %.3g%n", difference);
        assertThat(difference).isLessThanOrEqualTo(TOLERANCE);

        String[] single = with(SETTINGS, "batch-size", "1", "max-steps", "3");
        assertBitIdentical(train(with(single, "devices", "cpu,cpu,cpu")).lora,
                train(with(single, "devices", "default")).lora);
    }

    @Test
    void resumingATwoReplicaRunIsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
        String[] settings = with(SETTINGS, "batch-size", "2", "ema", "true", "devices", "cpu,cpu");
        TrainingSet data = TrainingFixtures.pairs(3, 1.0f, 5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights base = FlowMatchingTrainerTest.baseWeights(manager);
            FlowMatchingTrainer uninterrupted = FlowMatchingTrainer.start(DIT, base, data,
                    TrainingFixtures.config(with(settings, "max-steps", "6")), null, manager);
            uninterrupted.train(null, (step, loss, lr) -> {});

            LocalCheckpointStore store = new LocalCheckpointStore(dir);
            TrainingCheckpoint.resume(DIT, base, data, TrainingFixtures.config(with(settings, "max-steps", "4")),
                    store, manager).train(store, (step, loss, lr) -> {});
            Files.delete(dir.resolve("checkpoint-4/trainer_state.json")); // stopped while writing step 4
            FlowMatchingTrainer resumed = TrainingCheckpoint.resume(DIT, base, data,
                    TrainingFixtures.config(with(settings, "max-steps", "6")), store, manager);
            assertThat(resumed.currentStep()).isEqualTo(3);
            resumed.train(store, (step, loss, lr) -> {});

            assertBitIdentical(floats(resumed.lora().tensors()), floats(uninterrupted.lora().tensors()));
            assertBitIdentical(floats(resumed.ema().tensors()), floats(uninterrupted.ema().tensors()));
            assertBitIdentical(floats(resumed.optimizer().secondMoments()),
                    floats(uninterrupted.optimizer().secondMoments()));
        }
    }

    /** An error on a device thread reaches the caller as it is: the same one a single device gives. */
    @Test
    void aReplicasErrorIsTheSingleDeviceError() throws Exception {
        TrainingSet two = TrainingFixtures.pairs(2, 1f, 3);
        int width = DIT.params().contextInDim();
        // an empty prompt one token shorter than the pairs' prompts: every dropped-text sample fails in microBatch
        io.unosynth.runtime.sampling.PromptEmbeddings shortEmpty = new io.unosynth.runtime.sampling.PromptEmbeddings(
                1, TrainingFixtures.TEXT_TOKENS - 1, width,
                new float[(TrainingFixtures.TEXT_TOKENS - 1) * width], DIT.params().vecInDim(),
                new float[DIT.params().vecInDim()]);
        TrainingSet broken = new TrainingSet(two.pairs(), shortEmpty);
        List<String> messages = new ArrayList<>();
        for (String devices : new String[] {"default", "cpu,cpu"}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                FlowMatchingTrainer trainer = FlowMatchingTrainer.start(DIT, FlowMatchingTrainerTest.baseWeights(
                        manager), broken, TrainingFixtures.config("lora-rank", "4", "batch-size", "2", "devices",
                        devices, "text-dropout", "1"), null, manager);
                assertThatThrownBy(trainer::step).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("Invalid empty-prompt embeddings")
                        .satisfies(e -> messages.add(e.getMessage()));
            }
        }
        assertThat(messages.get(1)).isEqualTo(messages.get(0));
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedNamingTheKey() throws Exception {
        int gpus = Engine.getInstance().getGpuCount();
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights base = FlowMatchingTrainerTest.baseWeights(manager);
            assertThatThrownBy(() -> FlowMatchingTrainer.start(DIT, base, TrainingFixtures.pairs(2, 1f, 3),
                    TrainingFixtures.config("lora-rank", "4", "devices", "cpu,gpu" + gpus), null, manager))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Invalid train.devices: gpu" + gpus)
                    .hasMessageContaining("sees " + gpus + " GPU(s)");
        }
    }

    private record Run(Map<String, float[]> lora, List<Float> losses) {}

    private static Run train(String[] settings) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowMatchingTrainer trainer = FlowMatchingTrainer.start(DIT, FlowMatchingTrainerTest.baseWeights(manager),
                    TrainingFixtures.pairs(5, 1.0f, 5), TrainingFixtures.config(settings), null, manager);
            List<Float> losses = new ArrayList<>();
            trainer.train(null, (step, loss, lr) -> losses.add(loss));
            return new Run(floats(trainer.lora().tensors()), losses);
        }
    }

    private static Map<String, float[]> initial(String[] settings) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            return floats(FlowMatchingTrainer.start(DIT, FlowMatchingTrainerTest.baseWeights(manager),
                    TrainingFixtures.pairs(5, 1.0f, 5), TrainingFixtures.config(settings), null, manager)
                    .lora().tensors());
        }
    }

    private static Map<String, float[]> floats(Map<String, NDArray> tensors) {
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        tensors.forEach((key, tensor) -> values.put(key, tensor.toFloatArray()));
        return values;
    }

    private static double maxDifference(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        double max = 0;
        for (Map.Entry<String, float[]> tensor : expected.entrySet()) {
            float[] a = actual.get(tensor.getKey());
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - tensor.getValue()[i]));
            }
        }
        return max;
    }

    private static void assertBitIdentical(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((key, values) -> {
            float[] a = actual.get(key);
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(a[i])).as("%s[%s]", key, i)
                        .isEqualTo(Float.floatToRawIntBits(values[i]));
            }
        });
    }

    private static String[] with(String[] settings, String... keyValues) {
        String[] all = Arrays.copyOf(settings, settings.length + keyValues.length);
        System.arraycopy(keyValues, 0, all, settings.length, keyValues.length);
        return all;
    }
}
