package io.unosynth.runtime.llm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The outcome of one chat-completions call, retries included: an answer or, once retries are spent, a failure.
 * Failures are values, not exceptions, so a job can count them and go on.
 */
public sealed interface ChatResult {
    /** Attempts made, the successful one included. */
    int attempts();

    /**
     * @param content {@code choices[0].message.content}
     * @param finishReason {@code choices[0].finish_reason}, e.g. {@code stop} or {@code length}; empty if absent
     * @param latency time of the successful attempt, from sending to the whole body read
     */
    record Answer(String content, String finishReason, TokenUsage usage, Duration latency, int attempts)
            implements ChatResult {
        public Answer {
            requireNonNull(content, "content is null");
            requireNonNull(finishReason, "finishReason is null");
            requireNonNull(usage, "usage is null");
            requireNonNull(latency, "latency is null");
        }
    }

    /**
     * @param reason the short reason of the last attempt, as counted (e.g. {@code llm_http_500})
     * @param detail a readable explanation (status, endpoint, start of the body); never contains the API key
     * @param elapsed time of the whole call, backoff included
     */
    record Failure(String reason, String detail, Duration elapsed, int attempts) implements ChatResult {
        public Failure {
            requireNonNull(reason, "reason is null");
            requireNonNull(detail, "detail is null");
            requireNonNull(elapsed, "elapsed is null");
        }
    }

    /** Token counts from the response's {@code usage}; zero when the server does not report them. */
    record TokenUsage(int promptTokens, int completionTokens) {
        public static final TokenUsage UNKNOWN = new TokenUsage(0, 0);

        public int totalTokens() {
            return promptTokens + completionTokens;
        }
    }
}
