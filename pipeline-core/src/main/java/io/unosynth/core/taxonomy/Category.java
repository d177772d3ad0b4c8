package io.unosynth.core.taxonomy;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One category of the taxonomy.
 *
 * @param id stable id: the 1-based position in the source list
 * @param name the dataset's own spelling (Objects365 keeps e.g. "Moniter/TV")
 * @param subcategories optional finer kinds, used by the planners for variety; may be empty
 */
public record Category(int id, String name, List<String> subcategories) implements Serializable {
    public Category {
        checkArgument(id > 0, "Invalid category id: %s", id);
        requireNonNull(name, "name is null");
        checkArgument(!name.isBlank(), "Invalid category name: blank (id %s)", id);
        subcategories = List.copyOf(subcategories);
    }

    /**
     * The nouns a planner may write for this category: the slash-separated alternatives of the name
     * ("Pen/Pencil" gives "pen" and "pencil"), lower-cased except acronyms ("SUV"), then the subcategories.
     */
    public List<String> nouns() {
        List<String> nouns = new ArrayList<>();
        for (String alternative : name.split("/")) {
            String noun = Arrays.stream(alternative.strip().split("\\s+"))
                    .map(word -> word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT))
                            ? word
                            : word.toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(" "));
            if (!noun.isEmpty()) {
                nouns.add(noun);
            }
        }
        nouns.addAll(subcategories);
        return nouns;
    }
}
