package io.unosynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.FilterConfig;
import io.unosynth.core.filter.ConsistencyBand.Decision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistencyBandTest {
    private final ConsistencyBand band = ConsistencyBand.of(FilterConfig.from(ConfigValues.of(Map.of())));

    @Test
    void bothEdgesAreInclusive() {
        assertThat(band.low()).isEqualTo(0.5);
        assertThat(band.high()).isEqualTo(0.98);
        assertThat(band.decide(0.5)).as("exactly low is kept").isEqualTo(Decision.KEEP);
        assertThat(band.decide(0.98)).as("exactly high is kept").isEqualTo(Decision.KEEP);
        assertThat(band.decide(Math.nextDown(0.5))).isEqualTo(Decision.TOO_DIFFERENT);
        assertThat(band.decide(Math.nextUp(0.98))).isEqualTo(Decision.NEAR_COPY);
        assertThat(band.decide(0.75)).isEqualTo(Decision.KEEP);
        assertThat(band.decide(-1.0)).isEqualTo(Decision.TOO_DIFFERENT);
        assertThat(band.decide(1.0)).isEqualTo(Decision.NEAR_COPY);
    }

    @Test
    void aDegenerateBandKeepsOnlyItsPoint() {
        ConsistencyBand point = new ConsistencyBand(0.7, 0.7);
        assertThat(point.decide(0.7)).isEqualTo(Decision.KEEP);
        assertThat(point.decide(Math.nextDown(0.7))).isEqualTo(Decision.TOO_DIFFERENT);
        assertThat(point.decide(Math.nextUp(0.7))).isEqualTo(Decision.NEAR_COPY);
    }

    @Test
    void rejectsNanAndInvertedBands() {
        assertThatThrownBy(() -> band.decide(Double.NaN)).hasMessage("Invalid similarity: NaN");
        assertThatThrownBy(() -> new ConsistencyBand(0.9, 0.1)).hasMessage("Invalid consistency band: [0.9, 0.1]");
        assertThatThrownBy(() -> FilterConfig.from(ConfigValues.of(Map.of("filter.low", "0.99"))))
                .hasMessageContaining("filter.low (0.99) must not exceed filter.high (0.98)");
    }

    @Test
    void reasonsAreSnakeCase() {
        assertThat(FilterDecision.of("p", 1, "Cup", 0.2, Decision.TOO_DIFFERENT))
                .isEqualTo(new FilterDecision("p", 1, "Cup", 0.2, false, "too_different"));
        assertThat(FilterDecision.of("p", 1, "Cup", 0.99, Decision.NEAR_COPY).reason()).isEqualTo("near_copy");
        assertThat(FilterDecision.of("p", 1, "Cup", 0.6, Decision.KEEP).kept()).isTrue();
    }
}
