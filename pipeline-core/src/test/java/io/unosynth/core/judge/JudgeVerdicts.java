package io.unosynth.core.judge;

import io.unosynth.core.pair.PairRow;
import java.util.List;

/** Verdicts for tests; shared with other modules' tests through the test-jar. */
public final class JudgeVerdicts {
    private JudgeVerdicts() {}

    /** A scored verdict with every aspect and part at {@code finalScore}. */
    public static JudgeVerdict scored(PairRow pair, String model, String promptVersion, double finalScore) {
        JudgeScores scores = new JudgeScores(List.of(new PartScore("body", finalScore),
                new PartScore("handle", finalScore)), finalScore, finalScore, finalScore, finalScore);
        return JudgeVerdict.scored(pair, model, promptVersion, scores,
                new JudgeVerdict.Transcript("{\"parts\": [\"body\", \"handle\"]}", "The handle is <thinner>.",
                        "{\"final\": " + finalScore + "}"),
                new JudgeVerdict.Usage(1200, 900, 150, 3));
    }
}
