package io.unosynth.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.SelectConfig;
import io.unosynth.core.image.Photos;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.JudgeVerdicts;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionTest {
    private final PairRow pair = PairFixtures.pair("p", Photos.COFFEE, Photos.COFFEE);

    @Test
    void theDefaultThresholdIsInclusiveAtThreePointFive() {
        Selection selection = new Selection(SelectConfig.from(ConfigValues.of(Map.of())));
        assertThat(selection.selects(JudgeVerdicts.scored(pair, "m", "v", 3.5))).isTrue();
        assertThat(selection.selects(JudgeVerdicts.scored(pair, "m", "v", 4.0))).isTrue();
        assertThat(selection.selects(JudgeVerdicts.scored(pair, "m", "v", Math.nextDown(3.5)))).isFalse();
        assertThat(selection.selects(JudgeVerdicts.scored(pair, "m", "v", 0.0))).isFalse();
    }

    @Test
    void thePapersFourPointZeroIsAConfigAway() {
        Selection strict = new Selection(SelectConfig.from(ConfigValues.of(Map.of("select.min-final-score", "4.0"))));
        assertThat(strict.selects(JudgeVerdicts.scored(pair, "m", "v", 3.5))).isFalse();
        assertThat(strict.selects(JudgeVerdicts.scored(pair, "m", "v", 4.0))).isTrue();
    }

    @Test
    void unscoredPassOnlyWhenAllowedAndFailedNever() {
        JudgeVerdict unscored = JudgeVerdict.unscored(pair);
        JudgeVerdict failed = JudgeVerdict.failed(pair, "m", "v", "llm_timeout", JudgeVerdict.Transcript.EMPTY,
                JudgeVerdict.Usage.NONE);
        Selection byDefault = new Selection(SelectConfig.from(ConfigValues.of(Map.of())));
        Selection lenient = new Selection(new SelectConfig(0.0, true));
        assertThat(byDefault.selects(unscored)).isFalse();
        assertThat(lenient.selects(unscored)).isTrue();
        assertThat(byDefault.selects(failed)).isFalse();
        assertThat(lenient.selects(failed)).as("even with threshold 0").isFalse();
    }
}
