package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainingProgressLineTest {
    @Test
    void ratesAndEtaCountOnlyThisRunsSteps() {
        TrainingProgressLine line = new TrainingProgressLine(1120, 5000, 1000, 0.42129f, 1e-5, Duration.ofSeconds(60));

        assertThat(line.render())
                .isEqualTo("[train] step 1120/5000 (22.4%) | loss 0.4213 | lr 1.0e-05 | 2.00 steps/s | ETA 32m20s");
    }

    @Test
    void etaIsUnknownBeforeTheFirstStep() {
        assertThat(new TrainingProgressLine(0, 10, 0, Float.NaN, 0, Duration.ZERO).render()).endsWith("ETA ?");
    }
}
