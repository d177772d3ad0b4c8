package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible chat-completions endpoint (vLLM, SGLang, TGI, hosted services). The same record serves
 * every stage that talks to one, under its own key prefix ({@code llm.} for plan, later {@code judge.} for score).
 * The API key itself is never held here: only the name of the environment variable or file it is read from,
 * at the moment of use, so it cannot end up in a log, a stats marker or a serialized closure.
 */
public record ChatEndpointConfig(
        String prefix,
        String baseUrl,
        String model,
        String apiKeyEnv,
        String apiKeyFile,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration backoffInitial,
        Duration backoffMax,
        int maxConcurrentRequests,
        double temperature,
        int maxTokens) implements Serializable {

    public static final String BASE_URL = "base-url";
    public static final String MODEL = "model";
    public static final String API_KEY_ENV = "api-key-env";
    public static final String API_KEY_ENV_DEFAULT = "OPENAI_API_KEY";
    public static final String API_KEY_FILE = "api-key-file";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(120);
    public static final String MAX_RETRIES = "max-retries";
    public static final int MAX_RETRIES_DEFAULT = 4;
    public static final String BACKOFF_INITIAL = "backoff-initial";
    public static final Duration BACKOFF_INITIAL_DEFAULT = Duration.ofSeconds(1);
    public static final String BACKOFF_MAX = "backoff-max";
    public static final Duration BACKOFF_MAX_DEFAULT = Duration.ofSeconds(30);
    public static final String MAX_CONCURRENT_REQUESTS = "max-concurrent-requests";
    public static final int MAX_CONCURRENT_REQUESTS_DEFAULT = 8;
    public static final String TEMPERATURE = "temperature";
    public static final double TEMPERATURE_DEFAULT = 0.7;
    public static final String MAX_TOKENS = "max-tokens";
    public static final int MAX_TOKENS_DEFAULT = 2048;

    public ChatEndpointConfig {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(model, "model is null");
        requireNonNull(apiKeyEnv, "apiKeyEnv is null");
        requireNonNull(apiKeyFile, "apiKeyFile is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(backoffInitial, "backoffInitial is null");
        requireNonNull(backoffMax, "backoffMax is null");
    }

    /** Reads the keys under {@code prefix} (e.g. {@code "llm"} for {@code llm.base-url}). */
    public static ChatEndpointConfig from(ConfigValues values, String prefix) {
        String p = prefix + ".";
        String baseUrl = values.string(p + BASE_URL, "");
        if (!baseUrl.isEmpty() && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw values.invalid(p + BASE_URL, "expected an http:// or https:// URL");
        }
        return new ChatEndpointConfig(prefix, stripTrailingSlash(baseUrl), values.string(p + MODEL, ""),
                values.string(p + API_KEY_ENV, API_KEY_ENV_DEFAULT),
                values.string(p + API_KEY_FILE, ""),
                values.duration(p + CONNECT_TIMEOUT, CONNECT_TIMEOUT_DEFAULT),
                values.duration(p + REQUEST_TIMEOUT, REQUEST_TIMEOUT_DEFAULT),
                values.intAtLeast(p + MAX_RETRIES, MAX_RETRIES_DEFAULT, 0),
                values.duration(p + BACKOFF_INITIAL, BACKOFF_INITIAL_DEFAULT),
                values.duration(p + BACKOFF_MAX, BACKOFF_MAX_DEFAULT),
                values.intAtLeast(p + MAX_CONCURRENT_REQUESTS, MAX_CONCURRENT_REQUESTS_DEFAULT, 1),
                values.doubleIn(p + TEMPERATURE, TEMPERATURE_DEFAULT, 0.0, 2.0),
                values.intAtLeast(p + MAX_TOKENS, MAX_TOKENS_DEFAULT, 1));
    }

    public boolean configured() {
        return !baseUrl.isEmpty();
    }

    /** Fails with a message naming the missing keys when a stage needs this endpoint. */
    public void checkConfigured(String neededBy) {
        ValidationException.check(configured() && !model.isEmpty(), PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s needs %s.%s and %s.%s", neededBy, prefix, BASE_URL, prefix, MODEL);
    }

    /**
     * The API key, read now from {@link #apiKeyFile} if set, else from the environment variable {@link #apiKeyEnv};
     * empty when neither is present (local servers usually need none).
     */
    public Optional<String> resolveApiKey() {
        if (!apiKeyFile.isEmpty()) {
            try {
                return Optional.of(Files.readString(Path.of(apiKeyFile), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                        "Cannot read " + prefix + "." + API_KEY_FILE + " '" + apiKeyFile + "': " + e.getMessage());
            }
        }
        return Optional.ofNullable(System.getenv(apiKeyEnv)).filter(s -> !s.isBlank());
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
