package io.unosynth.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCategory {
    @Test
    void nounsSplitAlternativesAndLowerCaseExceptAcronyms() {
        assertThat(Fixtures.PERSON.nouns()).containsExactly("person");
        assertThat(Fixtures.PEN.nouns()).containsExactly("pen", "pencil");
        assertThat(Fixtures.MONITOR.nouns()).containsExactly("moniter", "TV");
        assertThat(new Category(35, "SUV", List.of()).nouns()).containsExactly("SUV");
        assertThat(new Category(36, "Wine Glass", List.of()).nouns()).containsExactly("wine glass");
        assertThat(new Category(9, "A/ B  Side /", List.of()).nouns()).as("'A' is one letter, not an acronym")
                .containsExactly("a", "b side");
    }

    @Test
    void nounsEndWithTheSubcategories() {
        assertThat(Fixtures.CUP.nouns()).containsExactly("cup", "espresso cup", "teacup");
    }

    @Test
    void everyBuiltInCategoryHasNouns() {
        assertThat(Taxonomy.objects365().all()).allSatisfy(c -> assertThat(c.nouns()).isNotEmpty()
                .allSatisfy(noun -> assertThat(noun).isEqualTo(noun.strip()).isNotBlank()));
    }

    @Test
    void invalidCategories() {
        assertThatThrownBy(() -> new Category(0, "X", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid category id: 0");
        assertThatThrownBy(() -> new Category(3, " ", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid category name: blank (id 3)");
        assertThatThrownBy(() -> new Category(3, null, List.of())).hasMessage("name is null");
    }

    @Test
    void subcategoriesAreCopied() {
        List<String> subs = new ArrayList<>(List.of("teacup"));
        Category category = new Category(11, "Cup", subs);
        subs.add("mug");
        assertThat(category.subcategories()).containsExactly("teacup");
    }
}
