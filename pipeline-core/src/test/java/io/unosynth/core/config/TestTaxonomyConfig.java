package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestTaxonomyConfig {
    @Test
    void defaults() {
        assertDefaults(TaxonomyConfig::from, new TaxonomyConfig("", List.of(), ""));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.of(
                "taxonomy.source", "/data/my-taxonomy.tsv",
                "taxonomy.categories", "1, 5 ,Person,,Moniter/TV",
                "taxonomy.subcategories-file", "/data/subs.tsv");
        assertFullMapping(properties, TaxonomyConfig::from,
                new TaxonomyConfig("/data/my-taxonomy.tsv", List.of("1", "5", "Person", "Moniter/TV"), "/data/subs.tsv"),
                "", Set.of());
    }

    @Test
    void categoriesListIsEmptyWhenOnlySeparators() {
        assertThat(TaxonomyConfig.from(Fixtures.configValues("taxonomy.categories", " , ,")).categories()).isEmpty();
    }

    @Test
    void withCategoriesKeepsTheOtherSettings() {
        TaxonomyConfig config = new TaxonomyConfig("a.tsv", List.of("1"), "b.tsv");
        assertThat(config.withCategories(List.of("Person", "2")))
                .isEqualTo(new TaxonomyConfig("a.tsv", List.of("Person", "2"), "b.tsv"));
    }
}
