package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.error.ValidationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestRunConfig {
    @Test
    void defaults() {
        assertDefaults(RunConfig::from, new RunConfig("runs/demo", 20250402L, Duration.ofSeconds(5), 0, 0.05));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.of(
                "run.output", "s3a://bucket/runs/r1",
                "run.seed", "-42",
                "run.progress-interval", "250ms",
                "run.partitions", "16",
                "run.max-failed-fraction", "0.25");
        assertFullMapping(properties, RunConfig::from,
                new RunConfig("s3a://bucket/runs/r1", -42L, Duration.ofMillis(250), 16, 0.25), "", Set.of());
    }

    @Test
    void negativePartitionsAreRejected() {
        assertThatThrownBy(() -> RunConfig.from(Fixtures.configValues("run.partitions", "-1")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'run.partitions'")
                .hasMessageContaining("expected an integer >= 0");
    }

    @Test
    void blankOutputIsRejected() {
        assertThatThrownBy(() -> RunConfig.from(Fixtures.configValues("run.output", "  ")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'run.output'")
                .hasMessageContaining("(--set)")
                .hasMessageContaining("expected a path or URI");
    }
}
