package io.unosynth.runtime.llm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible chat-completions server for tests, on 127.0.0.1 with a free port. A responder decides
 * each reply from the received request; {@link #scripted} serves fixed replies in order (the last one repeats).
 * It records every request and the most requests it ever had in flight at once. Shared with pipeline-jobs'
 * tests through this module's test-jar.
 */
public final class FakeChatServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Function<Received, Reply> responder;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private FakeChatServer(Function<Received, Reply> responder) throws IOException {
        this.responder = requireNonNull(responder, "responder is null");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(16);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public static FakeChatServer start(Function<Received, Reply> responder) {
        try {
            return new FakeChatServer(responder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FakeChatServer scripted(Reply... replies) {
        List<Reply> script = List.of(replies);
        AtomicInteger next = new AtomicInteger();
        return start(request -> script.get(Math.min(next.getAndIncrement(), script.size() - 1)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized List<Received> requests() {
        return List.copyOf(received);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers, body);
            synchronized (this) {
                received.add(request);
            }
            Reply reply = responder.apply(request);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (timeout) and closed the connection: nothing to answer.
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** A request as the server saw it. */
    public record Received(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.get(0);
        }

        /** The text of the last user message. */
        public String userText() {
            JsonNode messages = body.path("messages");
            return messages.path(messages.size() - 1).path("content").asText();
        }
    }

    /** What the server answers, after an optional delay. */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        /** A 200 chat completion whose message content is {@code content}, with 11 prompt and 7 completion tokens. */
        public static Reply answer(String content) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", "test-model");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
            return new Reply(200, root.toString(), Map.of(), Duration.ZERO);
        }

        /** A 200 whose content is the JSON array of {@code items}. */
        public static Reply answerList(List<String> items) {
            return answer(JSON.valueToTree(items).toString());
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":{\"message\":\"status " + status + "\"}}", Map.of(), Duration.ZERO);
        }

        public static Reply raw(int status, String body) {
            return new Reply(status, body, Map.of(), Duration.ZERO);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, body, more, delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, headers, wait);
        }
    }
}
