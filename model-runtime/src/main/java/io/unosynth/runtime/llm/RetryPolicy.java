package io.unosynth.runtime.llm;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ChatEndpointConfig;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * When to retry a chat-completions attempt and how long to wait first: exponential backoff with full jitter
 * (a uniform wait in {@code [0, min(max, initial * 2^retry)]}, which spreads out clients that failed together),
 * except that a server's {@code Retry-After} is obeyed, capped by {@code max}.
 *
 * @param maxRetries retries after the first attempt
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max) {
    public RetryPolicy {
        requireNonNull(initial, "initial is null");
        requireNonNull(max, "max is null");
        checkArgument(maxRetries >= 0, "Invalid max retries: %s", maxRetries);
        checkArgument(!initial.isNegative() && !max.isNegative(), "Invalid backoff: initial %s, max %s", initial, max);
    }

    public static RetryPolicy of(ChatEndpointConfig config) {
        return new RetryPolicy(config.maxRetries(), config.backoffInitial(), config.backoffMax());
    }

    /** Overload (429), server errors (5xx) and request timeout (408) may pass; other 4xx will fail again. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** Whether a server's {@code Retry-After} applies to this status (RFC 9110 names 503; 429 uses it too). */
    public static boolean honoursRetryAfter(int status) {
        return status == 429 || status == 503;
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry).
     *
     * @param retryAfterSeconds the server's {@code Retry-After} in seconds, when it sent one that applies
     * @param uniform a draw in {@code [0, 1)}
     */
    public Duration delay(int retry, OptionalLong retryAfterSeconds, double uniform) {
        if (retryAfterSeconds.isPresent()) {
            Duration asked = Duration.ofSeconds(Math.max(0, retryAfterSeconds.getAsLong()));
            return asked.compareTo(max) > 0 ? max : asked;
        }
        // Shift at most 30 places: 2^30 times any sensible initial wait is far past any sensible cap.
        long cap = Math.min(max.toNanos(), saturatedShift(initial.toNanos(), Math.min(retry, 30)));
        return Duration.ofNanos((long) (cap * uniform));
    }

    /** Parses a {@code Retry-After} in delay-seconds form; the HTTP-date form and garbage give empty. */
    public static OptionalLong parseRetryAfter(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long saturatedShift(long value, int places) {
        return value > (Long.MAX_VALUE >> places) ? Long.MAX_VALUE : value << places;
    }
}
