package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpandFunnelTest {
    @Test
    void countsEachStepFromReasonsAndTheSetsSizes() {
        ExpandFunnel funnel = ExpandFunnel.of(10, Map.of(SubjectRules.NO_DETECTION, 2L, SubjectRules.ONLY_SUBJECT, 1L,
                SubjectRules.NO_BOX_WITHIN_RULES, 1L, ExpandShardWork.NO_VERIFIED_REFERENCE, 1L,
                ExpandShardWork.SIMILARITY_OUT_OF_BAND, 4L), Map.of(2, 3L, 3, 1L, 4, 1L));
        assertThat(funnel).isEqualTo(new ExpandFunnel(10, 8, 6, 12, 8, 5,
                new java.util.TreeMap<>(Map.of(2, 3L, 3, 1L, 4, 1L))));
        assertThat(funnel.render()).isEqualTo("10 pairs -> 8 with detections -> 6 with subjects chosen -> "
                + "12 references made -> 8 verified -> 5 sets (N=2: 3, N=3: 1, N=4: 1)");
        assertThat(ExpandFunnel.of(0, Map.of(), Map.of()).render()).endsWith("0 sets (none)");
    }
}
