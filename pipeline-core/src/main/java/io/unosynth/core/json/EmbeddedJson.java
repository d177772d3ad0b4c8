package io.unosynth.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The JSON in an LLM's answer, which often comes with prose around it or in a Markdown fence. The one way the judge
 * and the plan backends read their answers.
 */
public final class EmbeddedJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Starting points tried at most, so a long answer full of braces costs bounded time. */
    private static final int MAX_CANDIDATES = 64;

    private EmbeddedJson() {}

    /** The JSON value of a fenced block, else the first object or array in the text that parses. */
    public static Optional<JsonNode> find(String answer) {
        String text = answer.strip();
        int fence = text.indexOf("```");
        if (fence >= 0) {
            int bodyStart = text.indexOf('\n', fence);
            int closing = bodyStart < 0 ? -1 : text.indexOf("```", bodyStart);
            if (closing > bodyStart) {
                Optional<JsonNode> fenced = firstValue(text.substring(bodyStart + 1, closing));
                if (fenced.isPresent()) {
                    return fenced;
                }
            }
        }
        int tried = 0;
        for (int i = 0; i < text.length() && tried < MAX_CANDIDATES; i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                tried++;
                Optional<JsonNode> value = firstValue(text.substring(i));
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** Parses the JSON value at the start of {@code text}, ignoring whatever follows it. */
    private static Optional<JsonNode> firstValue(String text) {
        try (JsonParser parser = JSON.createParser(text.strip())) {
            JsonNode node = JSON.readTree(parser);
            return node != null && node.isContainerNode() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
