package io.unosynth.runtime.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The parts every Hugging Face {@code tokenizer.json} we write shares: header, fixed-length padding, specials. */
final class TokenizerJsonFormat {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJsonFormat() {}

    /** A root object with version, right truncation to {@code length} and right padding to {@code length}. */
    static ObjectNode root(int length, int padId, String padToken) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putObject("truncation").put("direction", "Right").put("max_length", length)
                .put("strategy", "LongestFirst").put("stride", 0);
        ObjectNode padding = root.putObject("padding");
        padding.putObject("strategy").put("Fixed", length);
        padding.put("direction", "Right").putNull("pad_to_multiple_of");
        padding.put("pad_id", padId).put("pad_type_id", 0).put("pad_token", padToken);
        return root;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void addSpecialToken(ArrayNode addedTokens, int id, String content, boolean normalized) {
        addedTokens.addObject().put("id", id).put("content", content).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", normalized).put("special", true);
    }

    /** A {@code Replace} normaliser of a regex by {@code content}. */
    static void addRegexReplace(ArrayNode normalizers, String regex, String content) {
        ObjectNode replace = normalizers.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", regex);
        replace.put("content", content);
    }

    static String text(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write tokenizer.json: " + e.getMessage(), e);
        }
    }
}
