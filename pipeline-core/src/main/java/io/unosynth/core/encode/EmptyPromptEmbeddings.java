package io.unosynth.core.encode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The empty prompt's embeddings (text dropout trains on them), encoded once per run as {@code encode/}{@link
 * #FILE_NAME}: JSON with each array's shape and its little-endian float32 bytes in base64.
 */
public record EmptyPromptEmbeddings(FloatArray t5, FloatArray clip) {
    public static final String FILE_NAME = "empty_prompt.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public EmptyPromptEmbeddings {
        requireNonNull(t5, "t5 is null");
        requireNonNull(clip, "clip is null");
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("t5_shape", t5.shapeText());
        root.put("t5", Base64.getEncoder().encodeToString(t5.littleEndian()));
        root.put("clip_shape", clip.shapeText());
        root.put("clip", Base64.getEncoder().encodeToString(clip.littleEndian()));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code what} names the file in errors. */
    public static EmptyPromptEmbeddings fromJson(byte[] json, String what) {
        try {
            JsonNode root = JSON.readTree(json);
            return new EmptyPromptEmbeddings(array(root, "t5", what), array(root, "clip", what));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid empty-prompt embeddings " + what + ": " + e.getMessage(), e);
        }
    }

    private static FloatArray array(JsonNode root, String name, String what) {
        return FloatArray.fromLittleEndian(Base64.getDecoder().decode(root.get(name).asText()),
                root.get(name + "_shape").asText(), what + " " + name);
    }
}
