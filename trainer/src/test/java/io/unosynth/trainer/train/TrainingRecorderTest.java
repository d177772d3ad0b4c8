package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.train.TrainingLog;
import io.unosynth.core.train.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRecorderTest {
    @TempDir
    Path root;

    @Test
    void printsEveryStepWritesTheLogAtCheckpointStepsAndAResumeReplacesTheStepsAfterItsCheckpoint()
            throws Exception {
        LocalCheckpointStore store = new LocalCheckpointStore(root);
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        List<String> console = new ArrayList<>();
        TrainingRecorder first = TrainingRecorder.open(store, 4, 2, 0, console::add, clock::get);

        clock.addAndGet(1_500_000_000L);
        first.onStep(1, 2.0f, 1e-5);
        assertThat(root.resolve(TrainingLog.FILE_NAME)).doesNotExist();
        clock.addAndGet(500_000_000L);
        first.onStep(2, 1.5f, 1e-5);
        clock.addAndGet(500_000_000L);
        first.onStep(3, 1.0f, 1e-5); // killed before step 4: the log on disk ends at the checkpoint, step 2

        assertThat(console).hasSize(3);
        assertThat(console.get(1)).startsWith("[train] step 2/4 (50.0%) | loss 1.5000 | lr 1.0e-05 | 1.00 steps/s");
        TrainingLog written = TrainingLog.fromCsv(Files.readAllBytes(root.resolve(TrainingLog.FILE_NAME)), "log");
        assertThat(written.steps()).containsExactly(new TrainingStep(1, 2.0, 1e-5, 1.5),
                new TrainingStep(2, 1.5, 1e-5, 0.5));

        // Resumed from checkpoint 2 (a step 3 is in the file only if it was a checkpoint step: say it was).
        Files.write(root.resolve(TrainingLog.FILE_NAME), written.with(new TrainingStep(3, 1.0, 1e-5, 0.5)).toCsv());
        TrainingRecorder resumed = TrainingRecorder.open(store, 4, 2, 2, console::add, clock::get);
        clock.addAndGet(2_000_000_000L);
        resumed.onStep(3, 0.75f, 1e-5);
        clock.addAndGet(2_000_000_000L);
        resumed.onStep(4, 0.5f, 1e-5);

        TrainingLog after = TrainingLog.fromCsv(Files.readAllBytes(root.resolve(TrainingLog.FILE_NAME)), "log");
        assertThat(after.steps()).extracting(TrainingStep::step).containsExactly(1L, 2L, 3L, 4L);
        assertThat(after.steps()).extracting(TrainingStep::loss).containsExactly(2.0, 1.5, 0.75, 0.5);
        assertThat(after.steps().get(2).seconds()).isEqualTo(2.0);
        assertThat(console.get(4)).contains("step 4/4").contains("0.50 steps/s"); // this run's 2 steps in 4 s
    }
}
