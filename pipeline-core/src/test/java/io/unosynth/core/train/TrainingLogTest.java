package io.unosynth.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLogTest {
    private static final TrainingLog LOG = new TrainingLog(List.of(new TrainingStep(1, 2.5, 1e-5, 4.25),
            new TrainingStep(2, 2.0, 2e-5, 3.5), new TrainingStep(3, 1.0, 3e-5, 3.0)));

    @Test
    void roundTripsThroughCsv() {
        byte[] csv = LOG.toCsv();

        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("step,loss,learning_rate,seconds\n"
                + "1,2.500000,1.000000e-05,4.250\n2,2.000000,2.000000e-05,3.500\n3,1.000000,3.000000e-05,3.000\n");
        assertThat(TrainingLog.fromCsv(csv, "steps.csv")).isEqualTo(LOG);
    }

    @Test
    void aResumedRunKeepsTheStepsUpToItsCheckpointAndAppends() {
        TrainingLog resumed = LOG.upTo(2).with(new TrainingStep(3, 1.5, 3e-5, 9.0));

        assertThat(resumed.steps()).extracting(TrainingStep::step).containsExactly(1L, 2L, 3L);
        assertThat(resumed.steps().get(2).loss()).isEqualTo(1.5);
        assertThat(LOG.meanLoss(2, false)).isEqualTo(2.25);
        assertThat(LOG.meanLoss(2, true)).isEqualTo(1.5);
        assertThat(TrainingLog.empty().meanLoss(10, true)).isNaN();
        assertThatThrownBy(() -> LOG.with(new TrainingStep(3, 1, 1, 1)))
                .hasMessage("Invalid training log: step 3 follows step 3");
    }

    @Test
    void aBadFileIsRefusedNamingItAndTheLine() {
        assertThatThrownBy(() -> TrainingLog.fromCsv("step,loss\n".getBytes(StandardCharsets.UTF_8), "s/steps.csv"))
                .hasMessage("Invalid training log s/steps.csv line 1: expected the header "
                        + "'step,loss,learning_rate,seconds'");
        assertThatThrownBy(() -> TrainingLog.fromCsv("step,loss,learning_rate,seconds\n1,x,1,1\n"
                .getBytes(StandardCharsets.UTF_8), "s/steps.csv"))
                .hasMessageStartingWith("Invalid training log s/steps.csv line 2:");
    }
}
