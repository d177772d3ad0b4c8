package io.unosynth.runtime.llm;

import static io.unosynth.runtime.llm.FakeChatServer.Reply;
import static io.unosynth.runtime.llm.TestEndpoints.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.registry.ModelRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCompletionsClientTest {
    private static final ChatRequest HELLO = ChatRequest.of(ChatMessage.system("Be brief."),
            ChatMessage.user("Say hello.")).withSeed(42);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final FailureCounts failures = new FailureCounts();

    private ChatCompletionsClient client(ChatEndpointConfig config) {
        // Jitter draw 0.5: every backoff wait is half its cap, so the expected waits are exact.
        return new ChatCompletionsClient(config, sleeper, () -> 0.5);
    }

    @Test
    void returnsTheAnswerWithUsageAndSendsTheRequestFields() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("hello there"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl(), "temperature", "0.3"))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Answer.class, answer -> {
                assertThat(answer.content()).isEqualTo("hello there");
                assertThat(answer.finishReason()).isEqualTo("stop");
                assertThat(answer.usage()).isEqualTo(new ChatResult.TokenUsage(11, 7));
                assertThat(answer.attempts()).isEqualTo(1);
                assertThat(answer.latency()).isPositive();
            });
            assertThat(failures.snapshot()).isEmpty();
            FakeChatServer.Received request = server.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Authorization")).as("no key configured, no header").isNull();
            assertThat(request.body().path("model").asText()).isEqualTo(TestEndpoints.MODEL);
            assertThat(request.body().path("temperature").asDouble()).isEqualTo(0.3);
            assertThat(request.body().path("max_tokens").asInt()).isEqualTo(512);
            assertThat(request.body().path("seed").asLong()).isEqualTo(42);
            assertThat(request.body().path("messages").toString()).isEqualTo(
                    "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello.\"}]");
        }
    }

    @Test
    void sendsImagesAsContentParts() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("same object"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl()))) {
            client.complete(ChatRequest.of(ChatMessage.userWithImages("Compare.",
                    List.of("data:image/png;base64,AAAA", "https://example.org/b.png"))), failures);

            assertThat(server.requests().get(0).body().path("messages").path(0).path("content").toString())
                    .isEqualTo("[{\"type\":\"text\",\"text\":\"Compare.\"},"
                            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}},"
                            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.org/b.png\"}}]");
            assertThat(server.requests().get(0).body().has("seed")).as("no seed asked, none sent").isFalse();
        }
    }

    @Test
    void retriesAServerErrorAfterAJitteredBackoff() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.status(500), Reply.status(502),
                Reply.answer("ok"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl()))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Answer.class, answer -> {
                assertThat(answer.content()).isEqualTo("ok");
                assertThat(answer.attempts()).isEqualTo(3);
            });
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_http_500", 1, "llm_http_502", 1));
            // Caps 100 ms then 200 ms (doubling from backoff-initial), times the 0.5 draw.
            assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
        }
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.status(429).withHeader("Retry-After", "1"),
                Reply.answer("ok"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl(), "backoff-max", "5s"))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOf(ChatResult.Answer.class);
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_http_429", 1));
            assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
        }
    }

    @Test
    void capsRetryAfterByBackoffMaxAndGivesUpWhenRetriesRunOut() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.status(503).withHeader("Retry-After", "120"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl()))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Failure.class, failure -> {
                assertThat(failure.reason()).isEqualTo("llm_http_503");
                assertThat(failure.attempts()).isEqualTo(3);
                assertThat(failure.detail()).contains("HTTP 503", "after 3 attempts", server.baseUrl());
            });
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_http_503", 3, "llm_gave_up", 1));
            assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void timesOutWhenTheServerIsTooSlow() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("late").after(Duration.ofSeconds(3)));
                ChatCompletionsClient client = client(endpoint(server.baseUrl(), "request-timeout", "250ms",
                        "max-retries", "1"))) {
            long start = System.nanoTime();
            ChatResult result = client.complete(HELLO, failures);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Failure.class, failure -> {
                assertThat(failure.reason()).isEqualTo("llm_timeout");
                assertThat(failure.detail()).contains("no answer within PT0.25S");
            });
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_timeout", 2, "llm_gave_up", 1));
            assertThat(took).as("two attempts of 250 ms, not the server's 3 s").isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void countsRefusedConnections() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ChatCompletionsClient client = client(endpoint("http://127.0.0.1:" + closedPort + "/v1"))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Failure.class,
                    failure -> assertThat(failure.reason()).isEqualTo("llm_connect"));
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_connect", 3, "llm_gave_up", 1));
        }
    }

    @Test
    void doesNotRetryAMalformedResponseBody() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.raw(200, "<html>gateway</html>"),
                Reply.answer("never asked"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl()))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Failure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(ChatCompletionsClient.BAD_RESPONSE);
                assertThat(failure.detail()).contains("choices[0].message.content", "<html>gateway</html>");
            });
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_bad_response", 1, "llm_gave_up", 1));
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void doesNotRetryClientErrorsAndNeverRevealsTheKey(@TempDir Path dir) throws IOException {
        String key = "sk-file-secret-91b2";
        Path keyFile = Files.writeString(dir.resolve("key.txt"), key + "\n");
        // A broken proxy that echoes the request's Authorization header in its error body.
        try (FakeChatServer server = FakeChatServer.start(request -> Reply.raw(401,
                "{\"error\":\"bad credentials: " + request.header("Authorization") + "\"}"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl(),
                        "api-key-file", keyFile.toString()))) {
            ChatResult result = client.complete(HELLO, failures);

            assertThat(result).isInstanceOfSatisfying(ChatResult.Failure.class, failure -> {
                assertThat(failure.reason()).isEqualTo("llm_http_401");
                assertThat(failure.attempts()).isEqualTo(1);
                assertThat(failure.detail()).contains("HTTP 401", "Bearer [redacted]").doesNotContain(key);
            });
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_http_401", 1, "llm_gave_up", 1));
            assertThat(sleeper.waits()).isEmpty();
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + key);
        }
    }

    @Test
    void sendsTheKeyFromTheEnvironment() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("ok"));
                ChatCompletionsClient client = client(endpoint(server.baseUrl(),
                        "api-key-env", TestEndpoints.KEY_ENV))) {
            client.complete(HELLO, failures);

            assertThat(server.requests().get(0).header("Authorization"))
                    .isEqualTo("Bearer " + TestEndpoints.KEY_ENV_VALUE);
        }
    }

    @Test
    void rejectsAKeyAHeaderCannotCarryWithoutShowingIt(@TempDir Path dir) throws IOException {
        String key = "sk-two words-5e1d";
        Path keyFile = Files.writeString(dir.resolve("key.txt"), key);

        assertThatThrownBy(() -> client(endpoint("http://127.0.0.1:9/v1", "api-key-file", keyFile.toString())))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Invalid API key for llm")
                .hasMessageContaining(keyFile.toString())
                .hasMessageNotContaining("two words");
    }

    @Test
    void boundsConcurrentRequestsOfTheSharedClient() throws Exception {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("ok").after(Duration.ofMillis(150)))) {
            ChatEndpointConfig config = endpoint(server.baseUrl(), "max-concurrent-requests", "3");
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try (ModelRegistry.Lease<ChatCompletionsClient> first = ChatCompletionsClient.shared(config);
                    ModelRegistry.Lease<ChatCompletionsClient> second = ChatCompletionsClient.shared(config)) {
                assertThat(second.value()).as("one client per endpoint per JVM").isSameAs(first.value());
                List<Future<ChatResult>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    ModelRegistry.Lease<ChatCompletionsClient> lease = i % 2 == 0 ? first : second;
                    results.add(pool.submit(() -> lease.value().complete(HELLO, failures)));
                }
                for (Future<ChatResult> result : results) {
                    assertThat(result.get()).isInstanceOf(ChatResult.Answer.class);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.requests()).hasSize(12);
            assertThat(server.maxInFlight()).as("in flight at the server").isBetween(2, 3);
            assertThat(failures.snapshot()).isEmpty();
        }
    }

    @Test
    void refusesCallsAfterClose() {
        ChatCompletionsClient client = client(endpoint("http://127.0.0.1:9/v1"));
        client.close();

        assertThatThrownBy(() -> client.complete(HELLO, failures))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void needsAConfiguredEndpoint() {
        assertThatThrownBy(() -> client(endpoint("")))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("llm.base-url");
    }
}
