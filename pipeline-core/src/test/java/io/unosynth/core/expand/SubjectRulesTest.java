package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ExpandConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selection rules on a 100 x 100 image whose own subject is a "cup" at (0, 0, 40, 40). */
class SubjectRulesTest {
    private static final Candidate SUBJECT = candidate("cup", 0.9, 0, 0, 40, 40);
    private static final Candidate DOG = candidate("dog", 0.8, 50, 50, 80, 80);
    private static final Candidate CAT = candidate("cat", 0.7, 60, 0, 90, 30);
    private static final Candidate BIRD = candidate("bird", 0.6, 10, 60, 40, 90);

    static Stream<Arguments> cases() {
        return Stream.of(
                row("nothing detected", 2, List.of(), Optional.of(SubjectRules.NO_DETECTION)),
                row("all below min score", 2, List.of(candidate("dog", 0.05, 50, 50, 80, 80)),
                        Optional.of(SubjectRules.NO_DETECTION)),
                row("only the subject", 2, List.of(SUBJECT), Optional.of(SubjectRules.ONLY_SUBJECT)),
                row("overlapping the subject's box is the subject", 2,
                        List.of(SUBJECT, candidate("mug", 0.8, 2, 2, 42, 42)), Optional.of(SubjectRules.ONLY_SUBJECT)),
                row("best other subject, N = 2", 2, List.of(SUBJECT, CAT, DOG), Optional.empty(), DOG),
                row("N = 3 takes two, best first", 3, List.of(BIRD, SUBJECT, CAT, DOG), Optional.empty(), DOG, CAT),
                row("N = 4 takes three", 4, List.of(BIRD, SUBJECT, CAT, DOG), Optional.empty(), DOG, CAT, BIRD),
                row("at most N - 1", 4, List.of(SUBJECT, DOG, CAT, BIRD, candidate("pen", 0.5, 45, 30, 75, 48)),
                        Optional.empty(), DOG, CAT, BIRD),
                row("too small", 2, List.of(SUBJECT, candidate("pen", 0.8, 50, 50, 51, 51)),
                        Optional.of(SubjectRules.NO_BOX_WITHIN_RULES)),
                row("too large", 2, List.of(SUBJECT, candidate("table", 0.8, 0, 20, 100, 100)),
                        Optional.of(SubjectRules.NO_BOX_WITHIN_RULES)),
                row("too thin", 2, List.of(SUBJECT, candidate("pole", 0.8, 50, 0, 55, 100)),
                        Optional.of(SubjectRules.NO_BOX_WITHIN_RULES)),
                row("NMS across labels keeps the better box", 3,
                        List.of(SUBJECT, DOG, candidate("wolf", 0.75, 52, 52, 82, 82), CAT), Optional.empty(), DOG,
                        CAT),
                row("no subject detected: nothing excluded by overlap", 2,
                        List.of(candidate("mug", 0.8, 0, 0, 40, 40)), Optional.empty(),
                        candidate("mug", 0.8, 0, 0, 40, 40)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chooses(String name, int maxSubjects, List<Candidate> detections, Optional<String> reason,
            List<Candidate> expected) {
        ExpandConfig config = ExpandConfig.from(ConfigValues.of(Map.of("expand.max-subjects",
                Integer.toString(maxSubjects))));
        SubjectRules.Choice choice = new SubjectRules(config).choose(detections, Set.of("cup"), 100, 100);
        assertThat(choice.reason()).isEqualTo(reason);
        assertThat(choice.chosen()).containsExactlyElementsOf(expected);
        assertThat(choice.chosen().size()).isLessThanOrEqualTo(maxSubjects - 1);
    }

    private static Arguments row(String name, int maxSubjects, List<Candidate> detections, Optional<String> reason,
            Candidate... expected) {
        return Arguments.of(name, maxSubjects, detections, reason, Arrays.asList(expected));
    }

    private static Candidate candidate(String label, double score, double x0, double y0, double x1, double y1) {
        return new Candidate(label, score, new PixelBox(x0, y0, x1, y1));
    }
}
