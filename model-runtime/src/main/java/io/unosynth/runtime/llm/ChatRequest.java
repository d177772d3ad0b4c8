package io.unosynth.runtime.llm;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one call sends besides the endpoint's own settings (model, temperature, max tokens).
 *
 * @param seed sent as the request's {@code seed} when present, so a server that honours it (vLLM, OpenAI) repeats
 *     its answer for the same request
 */
public record ChatRequest(List<ChatMessage> messages, OptionalLong seed) {
    public ChatRequest {
        messages = List.copyOf(requireNonNull(messages, "messages is null"));
        requireNonNull(seed, "seed is null");
        checkArgument(!messages.isEmpty(), "Invalid chat request: no messages");
    }

    public static ChatRequest of(ChatMessage... messages) {
        return new ChatRequest(List.of(messages), OptionalLong.empty());
    }

    public ChatRequest withSeed(long value) {
        return new ChatRequest(messages, OptionalLong.of(value));
    }
}
