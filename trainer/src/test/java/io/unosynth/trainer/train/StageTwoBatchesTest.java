package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stage II over sets of several reference counts: every batch is drawn from one (bucket, reference count) group,
 * every count is drawn, and the draw (so the trained LoRA) is a function of the seed only.
 */
class StageTwoBatchesTest {
    private static final FluxDiT DIT = new FluxDiT(DiTParams.MINIATURE);
    private static final int BATCH = 2;

    /** Three sets of 2 references and two of 3 (references: the target latent, as a subject reference shows it). */
    private static TrainingSet mixedSets() {
        TrainingSet single = TrainingFixtures.pairs(5, 1.0f, 21);
        List<EncodedPair> sets = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            EncodedPair pair = single.pairs().get(i);
            int references = i < 3 ? 2 : 3;
            sets.add(new EncodedPair(pair.target(), pair.targetGrid(), Collections.nCopies(references, pair.target()),
                    Collections.nCopies(references, pair.targetGrid()), pair.prompt()));
        }
        return new TrainingSet(sets, single.emptyPrompt());
    }

    @Test
    void everyBatchHasOneReferenceCountAndEveryCountIsDrawn() {
        TrainingSet data = mixedSets();
        Set<Integer> counts = new HashSet<>();
        Map<Integer, Integer> draws = new LinkedHashMap<>();
        boolean plainShuffleMixes = false;
        for (long batch = 0; batch < 40; batch++) {
            long first = batch * BATCH;
            int count = data.sample(7, first, BATCH).references().size();
            for (long n = first; n < first + BATCH; n++) {
                assertThat(data.sample(7, n, BATCH).references()).as("sample %s of batch %s", n, batch)
                        .hasSize(count);
                assertThat(data.sampleIndex(7, n, BATCH)).as("a function of (seed, n, batch size)")
                        .isEqualTo(mixedSets().sampleIndex(7, n, BATCH));
                draws.merge(data.sampleIndex(7, n, BATCH), 1, Integer::sum);
                plainShuffleMixes |= data.sample(7, n).references().size() != data.sample(7, first).references()
                        .size();
            }
            counts.add(count);
        }
        assertThat(counts).containsExactlyInAnyOrder(2, 3);
        assertThat(draws).as("every set is drawn").containsOnlyKeys(0, 1, 2, 3, 4);
        assertThat(plainShuffleMixes).as("one shuffle over all sets would mix counts in a batch").isTrue();
        // One group: the plain per-epoch shuffle, whatever the batch size.
        TrainingSet one = TrainingFixtures.pairs(5, 1.0f, 21);
        for (long n = 0; n < 20; n++) {
            assertThat(one.sampleIndex(7, n, BATCH)).isEqualTo(one.sampleIndex(7, n));
        }
    }

    @Test
    void aStageTwoRunOverTwoAndThreeReferencesIsBitIdenticalOnRerun() throws Exception {
        TrainConfig config = TrainingFixtures.config("lora-rank", "4", "learning-rate", "1e-3", "warmup-steps", "1",
                "batch-size", String.valueOf(BATCH), "max-steps", "4", "seed", "7");
        TrainingSet data = mixedSets();
        Set<Integer> drawnCounts = new HashSet<>();
        for (long n = 0; n < config.maxSteps() * config.samplesPerStep(); n++) {
            drawnCounts.add(data.sample(config.seed(), n, BATCH).references().size());
        }
        assertThat(drawnCounts).as("the run's samples").containsExactlyInAnyOrder(2, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights base = FlowMatchingTrainerTest.baseWeights(manager);
            // A batch of two counts could not be stacked: the trainer refuses it, so a finished run mixed none.
            Map<String, float[]> first = train(base, data, config, manager);
            Map<String, float[]> second = train(base, mixedSets(), config, manager);
            assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
            first.forEach((key, values) -> {
                float[] again = second.get(key);
                for (int i = 0; i < values.length; i++) {
                    assertThat(Float.floatToRawIntBits(again[i])).as("%s[%s]", key, i)
                            .isEqualTo(Float.floatToRawIntBits(values[i]));
                }
            });
        }
    }

    private static Map<String, float[]> train(Weights base, TrainingSet data, TrainConfig config,
            NDManager manager) throws Exception {
        FlowMatchingTrainer trainer = FlowMatchingTrainer.start(DIT, base, data, config, null, manager);
        List<Float> losses = new ArrayList<>();
        trainer.train(null, (step, loss, lr) -> losses.add(loss));
        assertThat(losses).hasSize(4).allMatch(Float::isFinite);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> tensor : trainer.lora().tensors().entrySet()) {
            tensors.put(tensor.getKey(), tensor.getValue().toFloatArray());
        }
        return tensors;
    }
}
