package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestShardStats {
    private static ShardStats stats(Map<String, Long> failures) {
        return new ShardStats("plan", "c0001-s000", 1, 2, failures, 3, "h", "v", List.of("m"), "e", "t",
                "part-c0001-s000.parquet", 4, "ff");
    }

    @Test
    void failuresAreSortedAndCounted() {
        ShardStats stats = stats(Map.of("zeta", 2L, "alpha", 1L, "mid", 4L));
        assertThat(stats.failures().keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(stats.failureCount()).isEqualTo(7);
        assertThat(stats(Map.of()).failureCount()).isZero();
    }

    @Test
    void isImmutable() {
        Map<String, Long> failures = new HashMap<>(Map.of("a", 1L));
        ShardStats stats = stats(failures);
        failures.put("b", 1L);
        assertThat(stats.failures()).containsOnlyKeys("a");
        assertThatThrownBy(() -> stats.failures().put("c", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stats.models().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(stats).isEqualTo(stats(Map.of("a", 1L)));
    }

    @Test
    void requiredFields() {
        assertThatThrownBy(() -> new ShardStats(null, "s", 0, 0, Map.of(), 0, "h", "v", List.of(), "e", "t", "f", 0, "x"))
                .hasMessage("stage is null");
        assertThatThrownBy(() -> new ShardStats("p", "s", 0, 0, Map.of(), 0, null, "v", List.of(), "e", "t", "f", 0, "x"))
                .hasMessage("configHash is null");
    }
}
