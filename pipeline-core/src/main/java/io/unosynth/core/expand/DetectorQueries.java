package io.unosynth.core.expand;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The detector's text queries for one target: the pair's own category names first (so its subject can be found and
 * left out), then every taxonomy noun (names and subcategories) that the scene text mentions as a word (plural
 * {@code s}/{@code es} allowed, case ignored), then the configured vocabulary. When the scene mentions none and the
 * vocabulary is empty, every noun of the taxonomy is asked. Built once per task (patterns compiled once).
 */
public final class DetectorQueries {
    private final Taxonomy taxonomy;
    private final List<String> vocabulary;
    private final List<Noun> nouns = new ArrayList<>();

    private record Noun(int categoryId, String text, Pattern pattern) {}

    /** The queries of one target and which of them name the pair's own subject. */
    public record Queries(List<String> all, Set<String> subjectLabels) {
        public Queries {
            all = List.copyOf(all);
            subjectLabels = Set.copyOf(subjectLabels);
        }
    }

    public DetectorQueries(Taxonomy taxonomy, List<String> vocabulary) {
        this.taxonomy = requireNonNull(taxonomy, "taxonomy is null");
        this.vocabulary = List.copyOf(vocabulary);
        for (Category category : taxonomy.all()) {
            for (String noun : category.nouns()) {
                nouns.add(new Noun(category.id(), noun, Pattern.compile("\\b" + Pattern.quote(noun) + "(s|es)?\\b",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
            }
        }
    }

    /**
     * @param categoryId the pair's category id
     * @param category its name as the pair records it (the query when the taxonomy has no such id and name)
     * @param text the scene text (scene and prompt)
     */
    public Queries forPair(int categoryId, String category, String text) {
        Set<String> own = new LinkedHashSet<>();
        // The id names the category when this taxonomy agrees on its name (a pair made under another taxonomy
        // may reuse the id for something else).
        taxonomy.all().stream().filter(c -> c.id() == categoryId && c.name().equalsIgnoreCase(category)).findFirst()
                .ifPresentOrElse(c -> own.addAll(c.nouns()), () -> own.add(category.toLowerCase(Locale.ROOT)));
        Set<String> queries = new LinkedHashSet<>(own);
        Set<String> extra = new LinkedHashSet<>();
        for (Noun noun : nouns) {
            if (!own.contains(noun.text()) && noun.pattern().matcher(text).find()) {
                extra.add(noun.text());
            }
        }
        extra.addAll(vocabulary);
        if (extra.isEmpty()) {
            nouns.stream().filter(n -> !own.contains(n.text())).forEach(n -> extra.add(n.text()));
        }
        queries.addAll(extra);
        return new Queries(new ArrayList<>(queries), own);
    }
}
