package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorQueriesTest {
    private final Taxonomy taxonomy = Taxonomy.objects365();
    private final int cup = taxonomy.all().stream().filter(c -> c.name().equals("Cup")).findFirst().orElseThrow()
            .id();

    @Test
    void ownNamesFirstThenMentionedNamesThenVocabulary() {
        DetectorQueries.Queries queries = new DetectorQueries(taxonomy, List.of("teapot"))
                .forPair(cup, "Cup", "a photo of it on a wooden table next to two Books and a laptop");
        assertThat(queries.subjectLabels()).containsExactly("cup");
        assertThat(queries.all().get(0)).isEqualTo("cup");
        assertThat(queries.all()).contains("book", "laptop", "teapot").doesNotContain("car", "dog");
        assertThat(queries.all().indexOf("teapot")).isEqualTo(queries.all().size() - 1);
        assertThat(queries.all()).doesNotHaveDuplicates();
    }

    @Test
    void wordsOnlyMatchWholeWords() {
        // "cartoon" mentions no car, "catalogue" no cat
        List<String> all = new DetectorQueries(taxonomy, List.of()).forPair(cup, "Cup",
                "a cartoon catalogue next to a book").all();
        assertThat(all).contains("book").doesNotContain("car", "cat");
    }

    @Test
    void nothingMentionedAndNoVocabularyAsksEveryName() {
        DetectorQueries.Queries queries = new DetectorQueries(taxonomy, List.of()).forPair(cup, "Cup",
                "a close-up photo of it in soft light");
        long nouns = taxonomy.all().stream().mapToLong(c -> c.nouns().size()).sum();
        assertThat(queries.all().size()).isGreaterThanOrEqualTo(365).isLessThanOrEqualTo((int) nouns);
        assertThat(queries.all().get(0)).isEqualTo("cup");
        assertThat(taxonomy.all().stream().map(Category::nouns).allMatch(n -> queries.all().contains(n.get(0))))
                .isTrue();
    }

    @Test
    void anUnknownCategoryIdUsesTheRecordedName() {
        DetectorQueries.Queries queries = new DetectorQueries(taxonomy, List.of("lamp")).forPair(9999, "Gizmo",
                "it sits on a shelf");
        assertThat(queries.subjectLabels()).containsExactly("gizmo");
        assertThat(queries.all()).startsWith("gizmo");
    }
}
