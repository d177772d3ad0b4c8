package io.unosynth.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeVerdictTest {
    private final PairRow pair = PairFixtures.pair("p1", Photos.COFFEE, Photos.COFFEE);

    @Test
    void unscoredAndFailedCarryNoScoresAtAll() {
        JudgeVerdict unscored = JudgeVerdict.unscored(pair);
        assertThat(unscored.status()).isEqualTo(JudgeVerdict.Status.UNSCORED);
        assertThat(unscored.finalScore()).isNull();
        assertThat(unscored.appearance()).isNull();
        assertThat(unscored.parts()).isEmpty();
        assertThat(unscored.scores()).isEmpty();

        JudgeVerdict failed = JudgeVerdict.failed(pair, "m", "v", "judge_unanswered",
                JudgeVerdict.Transcript.EMPTY, new JudgeVerdict.Usage(10, 5, 2, 3));
        assertThat(failed.finalScore()).isNull();
        assertThat(failed.failureReason()).isEqualTo("judge_unanswered");
        assertThat(failed.attempts()).isEqualTo(3);
    }

    @Test
    void scoresAndStatusMustAgree() {
        assertThatThrownBy(() -> new JudgeVerdict("p", 1, "Cup", JudgeVerdict.Status.UNSCORED, "", "", List.of(),
                0.0, 0.0, 0.0, 0.0, "", "", "", 0, 0, 0, 0, "", false))
                .hasMessage("Invalid verdict of pair p: status UNSCORED with scores");
        assertThatThrownBy(() -> new JudgeVerdict("p", 1, "Cup", JudgeVerdict.Status.SCORED, "m", "v", List.of(),
                null, null, null, null, "", "", "", 0, 0, 0, 0, "", false))
                .hasMessage("Invalid verdict of pair p: status SCORED without scores");
        assertThatThrownBy(() -> new JudgeVerdict("p", 1, "Cup", JudgeVerdict.Status.SCORED, "m", "v",
                List.of(new PartScore("body", 4)), 4.0, 4.0, 4.0, 4.5, "", "", "", 0, 0, 0, 0, "", false))
                .hasMessageContaining("final 4.5 (expected 0..4)");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        JudgeVerdict verdict = JudgeVerdicts.scored(pair, "m", "v", 3.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(verdict);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(verdict);
        }
    }
}
