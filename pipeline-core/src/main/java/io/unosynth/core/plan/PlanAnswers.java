package io.unosynth.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.unosynth.core.json.EmbeddedJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Checks an LLM's answer to a "give me N items" request. Accepted shapes: a JSON array of strings, or an object
 * with one array-of-strings field ({@code {"subjects": [...]}}), possibly inside a Markdown code fence or with
 * prose around it (found by {@link EmbeddedJson}, as the judge's answers are).
 * Items over the length limit and repeats are dropped; the answer passes when at least {@code count} items
 * remain (extra items are cut). Otherwise it fails with the reason of the first problem, so the caller can retry
 * and, in the end, count that reason.
 */
public final class PlanAnswers {
    private PlanAnswers() {}

    /** Either the accepted items or the reason the answer was rejected. */
    public record Checked(List<String> items, Optional<String> rejection) {
        public static Checked accepted(List<String> items) {
            return new Checked(List.copyOf(items), Optional.empty());
        }

        public static Checked rejected(String reason) {
            return new Checked(List.of(), Optional.of(reason));
        }

        public boolean ok() {
            return rejection.isEmpty();
        }
    }

    /**
     * @param length the measure of an item (words for subjects, estimated tokens for scenes)
     * @param maxLength the limit of that measure
     */
    public static Checked check(String answer, int count, ToIntFunction<String> length, int maxLength,
            SubjectDeduplicator deduplicator) {
        Optional<List<String>> parsed = parseStringArray(answer);
        if (parsed.isEmpty()) {
            return Checked.rejected("not_json");
        }
        List<String> items = parsed.get().stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        String firstProblem = null;
        List<String> fitting = new ArrayList<>();
        for (String item : items) {
            if (length.applyAsInt(item) > maxLength) {
                firstProblem = firstProblem == null ? "too_long" : firstProblem;
            } else {
                fitting.add(item);
            }
        }
        List<String> distinct = deduplicator.distinct(fitting);
        if (distinct.size() < fitting.size() && firstProblem == null) {
            firstProblem = "duplicates";
        }
        if (distinct.size() >= count) {
            return Checked.accepted(distinct.subList(0, count));
        }
        return Checked.rejected(firstProblem != null ? firstProblem : "too_few_items");
    }

    static Optional<List<String>> parseStringArray(String answer) {
        JsonNode node = EmbeddedJson.find(answer).orElse(null);
        if (node != null && node.isObject() && node.size() == 1) {
            node = node.elements().next();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            if (!element.isTextual()) {
                return Optional.empty();
            }
            items.add(element.asText());
        }
        return Optional.of(items);
    }
}
