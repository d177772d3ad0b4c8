package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
    private static final FluxDiT DIT = new FluxDiT(DiTParams.MINIATURE);

    /** A kill while the state file is written leaves it empty or cut short: that checkpoint is not resumed from. */
    @Test
    void aCheckpointWhoseStateFileIsCutShortIsIncomplete(@TempDir Path dir) throws Exception {
        TrainConfig config = TrainingFixtures.config("lora-rank", "4", "learning-rate", "1e-3", "max-steps", "3",
                "checkpoint-steps", "1");
        LocalCheckpointStore store = new LocalCheckpointStore(dir);
        try (NDManager manager = NDManager.newBaseManager()) {
            Weights base = FlowMatchingTrainerTest.baseWeights(manager);
            FlowMatchingTrainer.start(DIT, base, TrainingFixtures.pairs(2, 1.0f, 3), config, null, manager)
                    .train(store, (step, loss, lr) -> {});
            assertThat(TrainingCheckpoint.latest(store)).contains(3L);

            Path three = dir.resolve("checkpoint-3/" + TrainingCheckpoint.STATE_FILE);
            byte[] whole = Files.readAllBytes(three);
            Files.write(three, Arrays.copyOf(whole, whole.length - 3));
            assertThat(TrainingCheckpoint.latest(store)).contains(2L);
            Files.write(dir.resolve("checkpoint-2/" + TrainingCheckpoint.STATE_FILE), new byte[0]);
            assertThat(TrainingCheckpoint.latest(store)).contains(1L);

            FlowMatchingTrainer resumed = TrainingCheckpoint.resume(DIT, base, TrainingFixtures.pairs(2, 1.0f, 3),
                    config, store, manager);
            assertThat(resumed.currentStep()).isEqualTo(1);
        }
    }
}
