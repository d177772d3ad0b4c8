package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * Which categories a run covers.
 *
 * @param source a TSV file of {@code id<TAB>name} rows replacing the built-in Objects365 list; empty for the built-in
 * @param categories ids or names to run; empty for all
 * @param subcategoriesFile optional TSV of {@code category<TAB>subcategory} rows (category by id or name); empty for none
 */
public record TaxonomyConfig(String source, List<String> categories, String subcategoriesFile) implements Serializable {
    public static final String SOURCE = "taxonomy.source";
    public static final String CATEGORIES = "taxonomy.categories";
    public static final String SUBCATEGORIES_FILE = "taxonomy.subcategories-file";

    public TaxonomyConfig {
        requireNonNull(source, "source is null");
        categories = List.copyOf(categories);
        requireNonNull(subcategoriesFile, "subcategoriesFile is null");
    }

    public static TaxonomyConfig from(ConfigValues values) {
        return new TaxonomyConfig(values.string(SOURCE, ""), values.list(CATEGORIES, List.of()),
                values.string(SUBCATEGORIES_FILE, ""));
    }

    public TaxonomyConfig withCategories(List<String> selection) {
        return new TaxonomyConfig(source, selection, subcategoriesFile);
    }
}
