package io.unosynth.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeAnswersTest {
    static final String GOOD_SCORES = "{\"parts\": [{\"part\": \"body\", \"score\": 4}, {\"part\": \"handle\", "
            + "\"score\": 3}], \"appearance\": 4, \"details\": 3.5, \"attributes\": 4, \"final\": 3.5}";

    @Test
    void acceptsScoresInAFenceWithProseAround() {
        String answer = "Here is my assessment.\n```json\n" + GOOD_SCORES + "\n```\nLet me know if you need more.";
        JudgeAnswers.Checked<JudgeScores> checked = JudgeAnswers.scores(answer);
        assertThat(checked.ok()).isTrue();
        JudgeScores scores = checked.value().orElseThrow();
        assertThat(scores.parts()).containsExactly(new PartScore("body", 4), new PartScore("handle", 3));
        assertThat(scores.appearance()).isEqualTo(4.0);
        assertThat(scores.details()).isEqualTo(3.5);
        assertThat(scores.attributes()).isEqualTo(4.0);
        assertThat(scores.finalScore()).isEqualTo(3.5);
    }

    @Test
    void acceptsBareJsonAfterProseThatHasBraces() {
        String answer = "Scores {as requested}: " + GOOD_SCORES + " (final is my judgement)";
        assertThat(JudgeAnswers.scores(answer).value().orElseThrow().finalScore()).isEqualTo(3.5);
    }

    @Test
    void acceptsNumericStringsAndFinalScoreAlias() {
        String answer = "{\"parts\": [{\"part\": \"lid\", \"score\": \"2\"}], \"appearance\": \"3\", "
                + "\"details\": 2, \"attributes\": 0, \"final_score\": 2.5}";
        JudgeScores scores = JudgeAnswers.scores(answer).value().orElseThrow();
        assertThat(scores.parts()).containsExactly(new PartScore("lid", 2));
        assertThat(scores.attributes()).isZero();
        assertThat(scores.finalScore()).isEqualTo(2.5);
    }

    @Test
    void rejectsOutOfRangeScoresInsteadOfClamping() {
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace("\"final\": 3.5", "\"final\": 5")).rejection())
                .isEqualTo(JudgeAnswers.OUT_OF_RANGE);
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace("\"score\": 4", "\"score\": -1")).rejection())
                .isEqualTo(JudgeAnswers.OUT_OF_RANGE);
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace("\"details\": 3.5", "\"details\": 4.01")).rejection())
                .isEqualTo(JudgeAnswers.OUT_OF_RANGE);
    }

    @Test
    void rejectsMissingFieldsAndNonNumbers() {
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace("\"attributes\": 4, ", "")).rejection())
                .isEqualTo(JudgeAnswers.MISSING_FIELD);
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace(", \"final\": 3.5", "")).rejection())
                .isEqualTo(JudgeAnswers.MISSING_FIELD);
        assertThat(JudgeAnswers.scores("{\"appearance\": 4, \"details\": 4, \"attributes\": 4, \"final\": 4}")
                .rejection()).isEqualTo(JudgeAnswers.MISSING_FIELD);
        assertThat(JudgeAnswers.scores("{\"parts\": [{\"score\": 4}], \"appearance\": 4, \"details\": 4, "
                + "\"attributes\": 4, \"final\": 4}").rejection()).isEqualTo(JudgeAnswers.MISSING_FIELD);
        assertThat(JudgeAnswers.scores("{\"parts\": [], \"appearance\": 4, \"details\": 4, \"attributes\": 4, "
                + "\"final\": 4}").rejection()).isEqualTo(JudgeAnswers.NO_PARTS);
        assertThat(JudgeAnswers.scores(GOOD_SCORES.replace("\"final\": 3.5", "\"final\": \"high\"")).rejection())
                .isEqualTo(JudgeAnswers.NOT_A_NUMBER);
        assertThat(JudgeAnswers.scores("The subject looks the same, I'd say 4/4.").rejection())
                .isEqualTo(JudgeAnswers.NOT_JSON);
        assertThat(JudgeAnswers.scores("  ").rejection()).isEqualTo(JudgeAnswers.BLANK);
        // A truncated answer: only an inner object parses, and it is not a scores object.
        assertThat(JudgeAnswers.scores("{\"parts\": [{\"part\": \"body\", \"score\": 4}, ").rejection())
                .isEqualTo(JudgeAnswers.MISSING_FIELD);
    }

    @Test
    void repeatedPartNamesStayDistinct() {
        String answer = "{\"parts\": [{\"part\": \"wheel\", \"score\": 4}, {\"part\": \"wheel\", \"score\": 2}], "
                + "\"appearance\": 4, \"details\": 3, \"attributes\": 4, \"final\": 3}";
        assertThat(JudgeAnswers.scores(answer).value().orElseThrow().parts())
                .containsExactly(new PartScore("wheel", 4), new PartScore("wheel #2", 2));
    }

    @Test
    void partsAcceptAnObjectOrAnArray() {
        assertThat(JudgeAnswers.parts("```\n{\"parts\": [\"body\", \" handle \", \"body\", \"\"]}\n```").value())
                .contains(List.of("body", "handle"));
        assertThat(JudgeAnswers.parts("Parts: [\"lid\", \"label\"]").value()).contains(List.of("lid", "label"));
        assertThat(JudgeAnswers.parts("{\"components\": [\"lid\"]}").rejection())
                .isEqualTo(JudgeAnswers.MISSING_FIELD);
        assertThat(JudgeAnswers.parts("{\"parts\": []}").rejection()).isEqualTo(JudgeAnswers.NO_PARTS);
        assertThat(JudgeAnswers.parts("the body and the handle").rejection()).isEqualTo(JudgeAnswers.NOT_JSON);
        String many = java.util.stream.IntStream.range(0, 17).mapToObj(i -> "\"p" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        assertThat(JudgeAnswers.parts(many).rejection()).isEqualTo(JudgeAnswers.TOO_MANY_PARTS);
    }

    @Test
    void differencesNeedText() {
        assertThat(JudgeAnswers.differences("  The handle is thinner.\n").value()).contains("The handle is thinner.");
        assertThat(JudgeAnswers.differences("\n ").rejection()).isEqualTo(JudgeAnswers.BLANK);
    }
}
