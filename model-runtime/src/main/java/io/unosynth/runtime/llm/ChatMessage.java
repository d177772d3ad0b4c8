package io.unosynth.runtime.llm;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One message of a chat-completions request. With no images the content goes out as a plain string; with images
 * (for vision models, e.g. the judge) as OpenAI content parts: the text, then one {@code image_url} part per URL
 * ({@code https://...} or {@code data:image/png;base64,...}).
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 */
public record ChatMessage(String role, String text, List<String> imageUrls) {
    public ChatMessage {
        requireNonNull(role, "role is null");
        requireNonNull(text, "text is null");
        checkArgument(!role.isBlank(), "Invalid chat message role: blank");
        imageUrls = List.copyOf(imageUrls);
    }

    public static ChatMessage system(String text) {
        return new ChatMessage("system", text, List.of());
    }

    public static ChatMessage user(String text) {
        return new ChatMessage("user", text, List.of());
    }

    public static ChatMessage userWithImages(String text, List<String> imageUrls) {
        return new ChatMessage("user", text, imageUrls);
    }
}
