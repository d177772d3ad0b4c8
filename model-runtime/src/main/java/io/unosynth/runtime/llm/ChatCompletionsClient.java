package io.unosynth.runtime.llm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.registry.ModelRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A blocking client of an OpenAI-compatible {@code POST {baseUrl}/chat/completions} endpoint (vLLM, SGLang, TGI,
 * hosted services), safe to share between threads.
 *
 * <p>Each call retries connection errors, timeouts, 408, 429 and 5xx with {@link RetryPolicy}; other 4xx and
 * malformed answers are final. Every failed attempt is reported to the caller's counter under a short reason
 * ({@code llm_http_500}, {@code llm_timeout}, {@code llm_connect}, ...), and a call that ends without an answer
 * also reports {@value #GAVE_UP} and returns a {@link ChatResult.Failure}: no exception for endpoint trouble.
 *
 * <p>At most {@code max-concurrent-requests} requests are in flight per client; share one client per endpoint in
 * a JVM through {@link #shared(ChatEndpointConfig)} so the bound holds for all task threads of an executor.
 * Backoff waits hold no permit. The API key is read once, sent only as {@code Authorization: Bearer}, and cut out
 * of every text this class produces.
 */
public final class ChatCompletionsClient implements AutoCloseable {
    public static final String TIMEOUT = "llm_timeout";
    public static final String CONNECT = "llm_connect";
    public static final String IO = "llm_io";
    public static final String BAD_RESPONSE = "llm_bad_response";
    public static final String INTERRUPTED = "llm_interrupted";
    public static final String GAVE_UP = "llm_gave_up";
    static final String REDACTED = "[redacted]";

    /**
     * Whether a call that ended with this reason failed for the endpoint's sake (unreachable, too slow, 408, 429,
     * 5xx: a later rerun can succeed); a refusal (401, 404: wrong key or model) or a malformed answer is not.
     */
    public static boolean endpointTrouble(String failureReason) {
        return switch (failureReason) {
            case TIMEOUT, CONNECT, IO, INTERRUPTED -> true;
            default -> failureReason.startsWith("llm_http_5") || failureReason.equals("llm_http_429")
                    || failureReason.equals("llm_http_408");
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DETAIL_BODY_CHARS = 300;

    private final ChatEndpointConfig config;
    private final URI endpoint;
    private final String apiKey;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private volatile boolean closed;

    public ChatCompletionsClient(ChatEndpointConfig config) {
        this(config, Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param sleeper waits out the backoff between attempts
     * @param jitter draws in {@code [0, 1)} that scale each backoff wait
     */
    public ChatCompletionsClient(ChatEndpointConfig config, Sleeper sleeper, DoubleSupplier jitter) {
        this.config = requireNonNull(config, "config is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.jitter = requireNonNull(jitter, "jitter is null");
        config.checkConfigured("the chat-completions client");
        this.endpoint = endpointUri(config);
        this.apiKey = config.resolveApiKey().map(key -> checkHeaderSafe(config, key)).orElse(null);
        this.retryPolicy = RetryPolicy.of(config);
        this.inFlight = new Semaphore(config.maxConcurrentRequests(), true);
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // vLLM and friends speak HTTP/1.1; skipping the h2c upgrade saves a round of headers.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * A lease on the JVM's one client for this endpoint configuration, created on first use; close the lease when
     * done. All holders share the client and its bound on requests in flight.
     */
    public static ModelRegistry.Lease<ChatCompletionsClient> shared(ChatEndpointConfig config) {
        requireNonNull(config, "config is null");
        return ModelRegistry.get().acquire(new SharedKey(config), () -> new ChatCompletionsClient(config));
    }

    public ChatEndpointConfig config() {
        return config;
    }

    /** Sends the request, retrying as the policy allows; see the class comment for what is counted. */
    public ChatResult complete(ChatRequest request, Consumer<String> failures) {
        requireNonNull(request, "request is null");
        requireNonNull(failures, "failures is null");
        if (closed) {
            throw new IllegalStateException("Cannot send a chat request: the client of " + endpoint + " is closed");
        }
        long start = System.nanoTime();
        HttpRequest httpRequest = httpRequest(request);
        int maxAttempts = retryPolicy.maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            Attempt outcome;
            try {
                outcome = send(httpRequest);
            } catch (InterruptedException e) {
                return interrupted(failures, start, attempt);
            }
            if (outcome.answer() != null) {
                ChatResult.Answer answer = outcome.answer();
                return new ChatResult.Answer(answer.content(), answer.finishReason(), answer.usage(),
                        answer.latency(), attempt);
            }
            failures.accept(outcome.reason());
            if (!outcome.retryable() || attempt >= maxAttempts) {
                failures.accept(GAVE_UP);
                String detail = outcome.detail() + (outcome.retryable() ? " (after " + attempt + " attempts)" : "");
                return new ChatResult.Failure(outcome.reason(), redact(detail), since(start), attempt);
            }
            try {
                sleeper.sleep(retryPolicy.delay(attempt - 1, outcome.retryAfterSeconds(), jitter.getAsDouble()));
            } catch (InterruptedException e) {
                return interrupted(failures, start, attempt);
            }
        }
    }

    /**
     * Refuses later calls. The JDK 17 HttpClient has no close of its own: its connections and threads go once it
     * is unreachable.
     */
    @Override
    public void close() {
        closed = true;
    }

    private Attempt send(HttpRequest httpRequest) throws InterruptedException {
        inFlight.acquire();
        long sent = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return Attempt.failed(CONNECT, "Cannot connect to " + endpoint + ": no connection within "
                    + config.connectTimeout(), true);
        } catch (HttpTimeoutException e) {
            return Attempt.failed(TIMEOUT, "Cannot complete chat request to " + endpoint + ": no answer within "
                    + config.requestTimeout(), true);
        } catch (IOException e) {
            boolean connect = causedByConnect(e);
            return Attempt.failed(connect ? CONNECT : IO, (connect ? "Cannot connect to " : "Cannot complete chat "
                    + "request to ") + endpoint + ": " + e, true);
        } finally {
            inFlight.release();
        }
        Duration latency = since(sent);
        int status = response.statusCode();
        if (status / 100 == 2) {
            return parseAnswer(response.body(), latency);
        }
        OptionalLong retryAfter = RetryPolicy.honoursRetryAfter(status)
                ? RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null))
                : OptionalLong.empty();
        return new Attempt(null, "llm_http_" + status, "Cannot complete chat request to " + endpoint + ": HTTP "
                + status + ", body '" + abbreviate(response.body()) + "'", RetryPolicy.retryableStatus(status),
                retryAfter);
    }

    private Attempt parseAnswer(String body, Duration latency) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        JsonNode content = choice == null ? null : choice.path("message").path("content");
        if (content == null || !content.isTextual()) {
            return Attempt.failed(BAD_RESPONSE, "Invalid chat answer from " + endpoint
                    + ": expected choices[0].message.content, found '" + abbreviate(body) + "'", false);
        }
        JsonNode finish = choice.path("finish_reason");
        JsonNode usage = root.path("usage");
        ChatResult.TokenUsage tokens = new ChatResult.TokenUsage(usage.path("prompt_tokens").asInt(0),
                usage.path("completion_tokens").asInt(0));
        return new Attempt(new ChatResult.Answer(content.asText(), finish.isTextual() ? finish.asText() : "",
                tokens, latency, 1), "", "", false, OptionalLong.empty());
    }

    private HttpRequest httpRequest(ChatRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(request)));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder.build();
    }

    private byte[] requestBody(ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", config.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage message : request.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", message.role());
            if (message.imageUrls().isEmpty()) {
                node.put("content", message.text());
            } else {
                ArrayNode parts = node.putArray("content");
                parts.addObject().put("type", "text").put("text", message.text());
                for (String url : message.imageUrls()) {
                    ObjectNode part = parts.addObject().put("type", "image_url");
                    part.putObject("image_url").put("url", url);
                }
            }
        }
        root.put("temperature", config.temperature());
        root.put("max_tokens", config.maxTokens());
        request.seed().ifPresent(seed -> root.put("seed", seed));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode chat request for " + endpoint, e);
        }
    }

    private ChatResult.Failure interrupted(Consumer<String> failures, long start, int attempt) {
        Thread.currentThread().interrupt();
        failures.accept(INTERRUPTED);
        failures.accept(GAVE_UP);
        return new ChatResult.Failure(INTERRUPTED, "Cannot complete chat request to " + endpoint
                + ": interrupted", since(start), attempt);
    }

    private String abbreviate(String body) {
        String text = body.length() > DETAIL_BODY_CHARS ? body.substring(0, DETAIL_BODY_CHARS) + "..." : body;
        return redact(text.replaceAll("\\s+", " ").strip());
    }

    /** A hostile or broken server may echo the key; nothing built here carries it. */
    private String redact(String text) {
        return apiKey == null ? text : text.replace(apiKey, REDACTED);
    }

    private static boolean causedByConnect(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static URI endpointUri(ChatEndpointConfig config) {
        try {
            return URI.create(config.baseUrl() + "/chat/completions");
        } catch (IllegalArgumentException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid config key '" + config.prefix()
                    + "." + ChatEndpointConfig.BASE_URL + "': not a URL, found '" + config.baseUrl() + "'");
        }
    }

    /** Rejects keys the HTTP client would refuse, without echoing them (its own message would). */
    private static String checkHeaderSafe(ChatEndpointConfig config, String key) {
        boolean safe = !key.isEmpty() && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!safe) {
            String source = config.apiKeyFile().isEmpty()
                    ? "environment variable " + config.apiKeyEnv()
                    : "file " + config.apiKeyFile();
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid API key for " + config.prefix()
                    + " (from " + source + "): only visible ASCII characters can go in an HTTP header");
        }
        return key;
    }

    /** One attempt: an answer, or a failure with its reason and whether another attempt may help. */
    private record Attempt(ChatResult.Answer answer, String reason, String detail, boolean retryable,
            OptionalLong retryAfterSeconds) {
        static Attempt failed(String reason, String detail, boolean retryable) {
            return new Attempt(null, reason, detail, retryable, OptionalLong.empty());
        }
    }

    /** The registry key: one client, and one bound on requests in flight, per endpoint configuration. */
    private record SharedKey(ChatEndpointConfig config) {}
}
