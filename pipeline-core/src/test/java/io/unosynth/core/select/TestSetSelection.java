package io.unosynth.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.SelectConfig;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.PixelBox;
import io.unosynth.core.judge.JudgeScores;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PartScore;
import io.unosynth.core.pair.PairRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSetSelection {
    private static final byte[] TARGET = {1};
    private static final ExpandSet SET = new ExpandSet("c0001-a-m", "c0001-a", 1, "Person", "a red kite", "a kite "
            + "and a dog on a beach", "regenerate", 3, List.of("Dog", "Ball"), List.of(new PixelBox(0, 0, 4, 4),
            new PixelBox(4, 4, 8, 8)), List.of(0.5, 0.4), List.of(0.7, 0.6), 42, TARGET, 64, 48,
            List.of(new byte[] {2}, new byte[] {3}, new byte[] {4}));

    @Test
    void everyReferenceIsJudgedAgainstTheTargetAsTheSubjectItShows() {
        List<PairRow> pairs = SET.judgedPairs();

        assertThat(pairs).extracting(PairRow::pairId).containsExactly("c0001-a-m-ref1", "c0001-a-m-ref2",
                "c0001-a-m-ref3");
        assertThat(pairs).extracting(PairRow::subject).containsExactly("a red kite", "Dog", "Ball");
        assertThat(pairs).extracting(PairRow::category).containsExactly("Person", "Dog", "Ball");
        assertThat(pairs).allSatisfy(pair -> {
            assertThat(pair.targetPng()).isSameAs(TARGET);
            assertThat(pair.scene()).isEqualTo(SET.prompt());
        });
        assertThat(pairs.get(2).referencePng()).containsExactly(4);
        assertThat(pairs).extracting(PairRow::seed).doesNotHaveDuplicates();
    }

    @Test
    void aSetIsKeptWhenEveryReferenceIsSelected() {
        SetSelection strict = new SetSelection(new Selection(new SelectConfig(3.5, false)));
        Map<String, JudgeVerdict> verdicts = verdicts(4.0, 3.5, 3.9);
        assertThat(strict.rejection(SET, verdicts)).isEmpty();

        assertThat(strict.rejection(SET, verdicts(4.0, 3.4, 4.0))).contains(SetSelection.BELOW_MIN_SCORE);
        Map<String, JudgeVerdict> oneFailed = verdicts(4.0, 4.0, 4.0);
        PairRow third = SET.judgedPairs().get(2);
        oneFailed.put(third.pairId(), JudgeVerdict.failed(third, "judge", "v1", "llm_timeout",
                JudgeVerdict.Transcript.EMPTY, JudgeVerdict.Usage.NONE));
        assertThat(strict.rejection(SET, oneFailed)).contains(SetSelection.JUDGE_FAILED);

        Map<String, JudgeVerdict> unscored = new HashMap<>();
        SET.judgedPairs().forEach(pair -> unscored.put(pair.pairId(), JudgeVerdict.unscored(pair)));
        assertThat(strict.rejection(SET, unscored)).contains(SetSelection.UNSCORED);
        assertThat(new SetSelection(new Selection(new SelectConfig(3.5, true))).rejection(SET, unscored)).isEmpty();

        Map<String, JudgeVerdict> missing = verdicts(4.0, 4.0, 4.0);
        missing.remove("c0001-a-m-ref2");
        assertThatThrownBy(() -> strict.rejection(SET, missing))
                .hasMessageContaining("no verdict for reference 2 of set c0001-a-m");
    }

    private static Map<String, JudgeVerdict> verdicts(double... finals) {
        Map<String, JudgeVerdict> verdicts = new HashMap<>();
        List<PairRow> pairs = SET.judgedPairs();
        for (int i = 0; i < finals.length; i++) {
            JudgeScores scores = new JudgeScores(List.of(new PartScore("body", 4.0)), 4.0, 4.0, 4.0, finals[i]);
            verdicts.put(pairs.get(i).pairId(), JudgeVerdict.scored(pairs.get(i), "judge", "v1", scores,
                    JudgeVerdict.Transcript.EMPTY, JudgeVerdict.Usage.NONE));
        }
        return verdicts;
    }
}
