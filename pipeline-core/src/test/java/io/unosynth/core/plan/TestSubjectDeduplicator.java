package io.unosynth.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestSubjectDeduplicator {
    private static final SubjectDeduplicator DEFAULT = new SubjectDeduplicator(0.8);

    @ParameterizedTest(name = "''{0}'' = ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "red mug | red mugs",
            "the red mug | a red mug",
            "RED MUG | red mug",
            "red-mug! | red mug",
            "café mug | cafe mug",
            "crème brûlée dish | creme brulee dish",
            "mug with a handle | mug handle",
            "red mug and saucer | red saucer mug",
    })
    void nearDuplicates(String first, String second) {
        assertThat(DEFAULT.distinct(List.of(first, second))).containsExactly(first);
    }

    @ParameterizedTest(name = "''{0}'' != ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "red mug | blue mug",
            "glass vase | glas vase",
            "bus | bu",
            "ceramic red mug with a glossy finish | ceramic red mug with rounded edges",
    })
    void distinctSubjects(String first, String second) {
        assertThat(DEFAULT.distinct(List.of(first, second))).containsExactly(first, second);
    }

    @Test
    void normalisation() {
        assertThat(SubjectDeduplicator.normalisedWords("The Glass-Vases of Ümit, and a BUS!"))
                .containsExactly("glass", "vase", "umit", "bus");
    }

    @Test
    void thresholdEdges() {
        // {red, ceramic, mug, handle} vs {red, ceramic, mug, handle, lid}: Jaccard exactly 4/5.
        List<String> pair = List.of("red ceramic mug handle", "red ceramic mug handle lid");
        assertThat(new SubjectDeduplicator(0.8).distinct(pair)).as("similarity equal to the threshold is a duplicate")
                .hasSize(1);
        assertThat(new SubjectDeduplicator(0.81).distinct(pair)).hasSize(2);
        assertThat(new SubjectDeduplicator(0.79).distinct(pair)).hasSize(1);
        assertThat(new SubjectDeduplicator(1.0).distinct(pair)).as("1.0: only equal word sets").hasSize(2);
        assertThat(new SubjectDeduplicator(1.0).distinct(List.of("red mug", "the red mugs"))).hasSize(1);
        assertThat(new SubjectDeduplicator(0.0).distinct(List.of("red mug", "blue bowl", "tent")))
                .as("0.0: everything after the first").containsExactly("red mug");
    }

    @Test
    void keepsTheFirstOfEachGroupInOrder() {
        assertThat(DEFAULT.distinct(List.of("blue bowl", "red mug", "Blue bowls", "tent", "the red mug", "a tent")))
                .containsExactly("blue bowl", "red mug", "tent");
    }

    @Test
    void itemsWithoutWordsAreDropped() {
        assertThat(DEFAULT.distinct(List.of("the", "!!!", "", "mug"))).containsExactly("mug");
    }

    @Test
    void jaccard() {
        assertThat(SubjectDeduplicator.jaccard(Set.of("a", "b"), Set.of("b", "c")))
                .isEqualTo(1.0 / 3);
    }
}
