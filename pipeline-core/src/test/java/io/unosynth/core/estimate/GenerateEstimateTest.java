package io.unosynth.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.ShardStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerateEstimateTest {
    @Test
    void pairsAreCappedPerCategoryAndShardsRoundUp() {
        UnosynthConfig config = config("generate.max-pairs-per-category", "40", "generate.pairs-per-shard", "16",
                "generate.steps", "28");

        GenerateEstimate estimate = GenerateEstimate.of(10, config.plan(), config.generate(), 0.25, 4);

        assertThat(estimate.pairs()).isEqualTo(400);
        assertThat(estimate.shards()).as("40 pairs -> 3 shards per category").isEqualTo(30);
        assertThat(estimate.secondsPerPair()).isCloseTo(7.0, within(1e-12));
        assertThat(estimate.gpuHours()).isCloseTo(400 * 7.0 / 3600, within(1e-12));
        // 30 shards on 4 GPUs: 8 waves of at most 16 pairs.
        assertThat(estimate.wallClockHours()).isCloseTo(8 * 16 * 7.0 / 3600, within(1e-12));
    }

    @Test
    void noCapMeansEveryPlannedScene() {
        UnosynthConfig config = config("generate.max-pairs-per-category", "0", "plan.subjects-per-category", "5",
                "plan.scenes-per-subject", "2");

        assertThat(GenerateEstimate.of(3, config.plan(), config.generate(), 0.1, 1).pairs()).isEqualTo(30);
    }

    @Test
    void measuredTimeIsShardDurationsOverPairs() {
        assertThat(GenerateEstimate.measuredSecondsPerPair(List.of())).isEmpty();
        assertThat(GenerateEstimate.measuredSecondsPerPair(List.of(marker(4000, 2), marker(2000, 1))))
                .hasValueSatisfying(s -> assertThat(s).isCloseTo(2.0, within(1e-12)));
    }

    private static ShardStats marker(long millis, long rows) {
        return new ShardStats("generate", "c0001-g000", rows, rows, Map.of(), millis, "h", "v", List.of(), "e", "a",
                "f.parquet", 1, "sha");
    }

    private static UnosynthConfig config(String... keyValues) {
        List<ConfigEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            entries.add(new ConfigEntry(keyValues[i], keyValues[i + 1], "test"));
        }
        return UnosynthConfig.load(List.of(), entries);
    }
}
