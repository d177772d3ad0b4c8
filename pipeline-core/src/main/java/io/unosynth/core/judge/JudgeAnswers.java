package io.unosynth.core.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.unosynth.core.json.EmbeddedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks the judge's answers, one method per turn. JSON is found in a Markdown code fence, or else as the first
 * JSON object (or array) in the text, so prose before or after it is tolerated. A rejected answer carries a short
 * snake_case reason ({@value #NOT_JSON}, {@value #MISSING_FIELD}, {@value #OUT_OF_RANGE}, ...) that the caller
 * counts before asking again. Scores must be numbers (or numeric strings) within 0..4: an out-of-range score
 * rejects the whole answer rather than being clamped, since it shows the judge did not follow the scale.
 */
public final class JudgeAnswers {
    public static final String BLANK = "blank_answer";
    public static final String NOT_JSON = "not_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String NOT_A_NUMBER = "score_not_a_number";
    public static final String OUT_OF_RANGE = "score_out_of_range";
    public static final String NO_PARTS = "no_parts";
    public static final String TOO_MANY_PARTS = "too_many_parts";
    /** More parts than this is a rambling answer, not a decomposition. */
    public static final int MAX_PARTS = 16;


    private JudgeAnswers() {}

    /** The accepted value of an answer, or the reason it was rejected. */
    public record Checked<T>(Optional<T> value, String rejection) {
        static <T> Checked<T> accepted(T value) {
            return new Checked<>(Optional.of(value), "");
        }

        static <T> Checked<T> rejected(String reason) {
            return new Checked<>(Optional.empty(), reason);
        }

        public boolean ok() {
            return value.isPresent();
        }
    }

    /** Turn 1: {@code {"parts": ["..", ..]}} or a bare array of strings; 1 to {@value #MAX_PARTS} non-blank parts. */
    public static Checked<List<String>> parts(String answer) {
        Optional<JsonNode> json = EmbeddedJson.find(answer);
        if (json.isEmpty()) {
            return Checked.rejected(answer.isBlank() ? BLANK : NOT_JSON);
        }
        JsonNode node = json.get().isObject() ? json.get().get("parts") : json.get();
        if (node == null || !node.isArray()) {
            return Checked.rejected(MISSING_FIELD);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode element : node) {
            String part = element.isTextual() ? element.asText().strip()
                    : element.isObject() && element.path("part").isTextual() ? element.get("part").asText().strip()
                    : "";
            if (!part.isEmpty() && !parts.contains(part)) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return Checked.rejected(NO_PARTS);
        }
        return parts.size() > MAX_PARTS ? Checked.rejected(TOO_MANY_PARTS) : Checked.accepted(List.copyOf(parts));
    }

    /** Turn 2: any non-blank text. */
    public static Checked<String> differences(String answer) {
        return answer.isBlank() ? Checked.rejected(BLANK) : Checked.accepted(answer.strip());
    }

    /**
     * Turn 3: {@code {"parts": [{"part": .., "score": ..}, ..], "appearance": .., "details": .., "attributes": ..,
     * "final": ..}}; {@code final_score} is accepted for {@code final}.
     */
    public static Checked<JudgeScores> scores(String answer) {
        Optional<JsonNode> json = EmbeddedJson.find(answer).filter(JsonNode::isObject);
        if (json.isEmpty()) {
            return Checked.rejected(answer.isBlank() ? BLANK : NOT_JSON);
        }
        JsonNode root = json.get();
        JsonNode partsNode = root.get("parts");
        if (partsNode == null || !partsNode.isArray()) {
            return Checked.rejected(MISSING_FIELD);
        }
        List<PartScore> parts = new ArrayList<>();
        for (JsonNode element : partsNode) {
            JsonNode name = element.get("part");
            if (name == null || !name.isTextual() || name.asText().isBlank() || !element.has("score")) {
                return Checked.rejected(MISSING_FIELD);
            }
            Checked<Double> score = score(element.get("score"));
            if (!score.ok()) {
                return Checked.rejected(score.rejection());
            }
            parts.add(new PartScore(distinctName(name.asText().strip(), parts), score.value().orElseThrow()));
        }
        if (parts.isEmpty()) {
            return Checked.rejected(NO_PARTS);
        }
        if (parts.size() > MAX_PARTS) {
            return Checked.rejected(TOO_MANY_PARTS);
        }
        JsonNode finalNode = root.has("final") ? root.get("final") : root.get("final_score");
        List<Checked<Double>> aspects = List.of(score(root.get("appearance")), score(root.get("details")),
                score(root.get("attributes")), score(finalNode));
        for (Checked<Double> aspect : aspects) {
            if (!aspect.ok()) {
                return Checked.rejected(aspect.rejection());
            }
        }
        return Checked.accepted(new JudgeScores(parts, aspects.get(0).value().orElseThrow(),
                aspects.get(1).value().orElseThrow(), aspects.get(2).value().orElseThrow(),
                aspects.get(3).value().orElseThrow()));
    }

    /** A repeated part name ("wheel" twice) gets a suffix ("wheel #2"), so part names stay unique keys. */
    private static String distinctName(String name, List<PartScore> earlier) {
        String candidate = name;
        for (int n = 2; containsPart(earlier, candidate); n++) {
            candidate = name + " #" + n;
        }
        return candidate;
    }

    private static boolean containsPart(List<PartScore> parts, String name) {
        return parts.stream().anyMatch(p -> p.part().equals(name));
    }

    private static Checked<Double> score(JsonNode node) {
        if (node == null || node.isNull()) {
            return Checked.rejected(MISSING_FIELD);
        }
        OptionalDouble value = OptionalDouble.empty();
        if (node.isNumber()) {
            value = OptionalDouble.of(node.asDouble());
        } else if (node.isTextual()) {
            try {
                value = OptionalDouble.of(Double.parseDouble(node.asText().strip()));
            } catch (NumberFormatException e) {
                value = OptionalDouble.empty();
            }
        }
        if (value.isEmpty() || Double.isNaN(value.getAsDouble())) {
            return Checked.rejected(NOT_A_NUMBER);
        }
        return JudgeScores.inRange(value.getAsDouble()) ? Checked.accepted(value.getAsDouble())
                : Checked.rejected(OUT_OF_RANGE);
    }
}
