package io.unosynth.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.select.Funnel.Counts;
import io.unosynth.core.select.Funnel.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunnelTest {
    @Test
    void shardPartsMergeInAnyOrder() {
        List<Funnel> parts = List.of(
                Funnel.of("Cup", new Counts(8, 8, 0, 0, 0)),
                Funnel.of("Cup", Step.PASSED_FILTER, 6),
                Funnel.of("Cup", Step.SCORED, 6),
                Funnel.of("Cup", Step.SELECTED, 4),
                Funnel.of("Bicycle", new Counts(8, 7, 5, 5, 2)),
                Funnel.of("Cup", new Counts(8, 7, 5, 4, 3)));
        Funnel forward = parts.stream().reduce(Funnel.empty(), Funnel::merge);
        Funnel backward = Funnel.empty();
        for (int i = parts.size() - 1; i >= 0; i--) {
            backward = parts.get(i).merge(backward);
        }

        assertThat(forward).isEqualTo(backward);
        assertThat(forward.categories()).containsOnlyKeys("Bicycle", "Cup");
        assertThat(forward.categories().get("Cup")).isEqualTo(new Counts(16, 15, 11, 10, 7));
        assertThat(forward.total()).isEqualTo(new Counts(24, 22, 16, 15, 9));
    }

    @Test
    void rendersOneLinePerCategoryAndATotal() {
        Funnel funnel = Funnel.of("Cup", new Counts(16, 15, 11, 10, 7))
                .merge(Funnel.of("Bicycle", new Counts(8, 7, 5, 5, 2)));
        List<String> lines = funnel.render().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("category").contains("planned").contains("passed filter")
                .endsWith("selected");
        assertThat(lines.get(1).split("\\s+")).containsExactly("Bicycle", "8", "7", "5", "5", "2");
        assertThat(lines.get(2).split("\\s+")).containsExactly("Cup", "16", "15", "11", "10", "7");
        assertThat(lines.get(3).split("\\s+")).containsExactly("total", "24", "22", "16", "15", "9");
    }

    @Test
    void countsAreNeverNegative() {
        assertThatThrownBy(() -> new Counts(1, -1, 0, 0, 0)).hasMessageContaining("Invalid funnel counts");
    }
}
