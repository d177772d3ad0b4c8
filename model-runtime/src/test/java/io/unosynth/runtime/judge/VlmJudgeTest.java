package io.unosynth.runtime.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.JudgeConfig;
import io.unosynth.core.image.Photos;
import io.unosynth.core.judge.JudgePrompts;
import io.unosynth.core.judge.JudgeShardWork;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.judge.PartScore;
import io.unosynth.core.judge.StorageJudgeCache;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.runtime.llm.ChatCompletionsClient;
import io.unosynth.runtime.llm.FakeChatServer;
import io.unosynth.runtime.llm.FakeChatServer.Reply;
import io.unosynth.runtime.llm.TestEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VlmJudgeTest {
    static final String PARTS = "{\"parts\": [\"cup body\", \"handle\", \"saucer\"]}";
    static final String DIFFERENCES = "Cup body: no visible difference.\nHandle: slightly thinner.\nSaucer: same.";
    static final String SCORES = "```json\n{\"parts\": [{\"part\": \"cup body\", \"score\": 4}, {\"part\": \"handle\","
            + " \"score\": 3}, {\"part\": \"saucer\", \"score\": 4}], \"appearance\": 4, \"details\": 3, "
            + "\"attributes\": 4, \"final\": 3.5}\n```";

    private final PairRow pair = PairFixtures.pair("c0007-subj000-scn00", Photos.COFFEE, Photos.CHELSEA);
    private final List<Duration> waits = new ArrayList<>();
    private final Failures failures = new Failures();
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path root;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** A failure histogram, as a shard's stats keep it. */
    static final class Failures implements Consumer<String> {
        final Map<String, Integer> counts = new TreeMap<>();

        @Override
        public synchronized void accept(String reason) {
            counts.merge(reason, 1, Integer::sum);
        }
    }

    private FakeChatServer server(FakeChatServer server) {
        open.add(server);
        return server;
    }

    private VlmJudge judge(FakeChatServer server, String... overrides) {
        ChatEndpointConfig endpoint = TestEndpoints.endpointUnder("judge", server.baseUrl(), overrides);
        ChatCompletionsClient client = new ChatCompletionsClient(endpoint, waits::add, () -> 0.5);
        open.add(client);
        return new VlmJudge(client, JudgePrompts.builtIn(), 3);
    }

    @Test
    void aGoodConversationScoresThePairAndKeepsTheTurns() {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer(PARTS), Reply.answer(DIFFERENCES),
                Reply.answer(SCORES)));

        JudgeVerdict verdict = judge(server).judge(pair, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.SCORED);
        assertThat(verdict.parts()).containsExactly(new PartScore("cup body", 4), new PartScore("handle", 3),
                new PartScore("saucer", 4));
        assertThat(verdict.appearance()).isEqualTo(4.0);
        assertThat(verdict.details()).isEqualTo(3.0);
        assertThat(verdict.attributes()).isEqualTo(4.0);
        assertThat(verdict.finalScore()).isEqualTo(3.5);
        assertThat(verdict.judgeModel()).isEqualTo(TestEndpoints.MODEL);
        assertThat(verdict.promptVersion()).isEqualTo(JudgePrompts.builtIn().version());
        assertThat(verdict.partsText()).isEqualTo(PARTS);
        assertThat(verdict.differencesText()).isEqualTo(DIFFERENCES);
        assertThat(verdict.scoresText()).isEqualTo(SCORES);
        assertThat(verdict.promptTokens()).as("11 per answer").isEqualTo(33);
        assertThat(verdict.completionTokens()).as("7 per answer").isEqualTo(21);
        assertThat(verdict.attempts()).isEqualTo(3);
        assertThat(verdict.latencyMillis()).isGreaterThanOrEqualTo(0);
        assertThat(failures.counts).isEmpty();

        List<FakeChatServer.Received> requests = server.requests();
        assertThat(requests).hasSize(3);
        JsonNode first = requests.get(0).body().get("messages");
        assertThat(roles(first)).containsExactly("system", "user");
        JsonNode content = first.get(1).get("content");
        assertThat(content.get(0).get("text").asText()).contains(pair.subject()).contains(pair.scene());
        assertThat(dataUrlBytes(content.get(1))).isEqualTo(pair.referencePng());
        assertThat(dataUrlBytes(content.get(2))).isEqualTo(pair.targetPng());
        JsonNode third = requests.get(2).body().get("messages");
        assertThat(roles(third)).containsExactly("system", "user", "assistant", "user", "assistant", "user");
        assertThat(third.get(2).get("content").asText()).isEqualTo(PARTS);
        assertThat(third.get(4).get("content").asText()).isEqualTo(DIFFERENCES);
        assertThat(third.get(5).get("content").asText()).contains("appearance");
        assertThat(requests.get(0).body().get("model").asText()).isEqualTo(TestEndpoints.MODEL);
    }

    @Test
    void aMalformedAnswerIsAskedAgainAndCounted() {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer("The parts are the body and handle."),
                Reply.answer(PARTS), Reply.answer(DIFFERENCES), Reply.answer("{\"final\": 4}"), Reply.answer(SCORES)));

        JudgeVerdict verdict = judge(server).judge(pair, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.SCORED);
        assertThat(verdict.finalScore()).isEqualTo(3.5);
        assertThat(verdict.attempts()).isEqualTo(5);
        assertThat(failures.counts).isEqualTo(Map.of("judge_not_json", 1, "judge_missing_field", 1));
        List<FakeChatServer.Received> requests = server.requests();
        assertThat(requests).hasSize(5);
        assertThat(roles(requests.get(1).body().get("messages"))).as("a re-ask does not keep the bad answer")
                .containsExactly("system", "user");
        assertThat(requests.get(1).body().get("seed").asLong()).isNotEqualTo(requests.get(0).body().get("seed")
                .asLong());
    }

    @Test
    void outOfRangeScoresUntilTheLimitFailThePairWithoutInventingScores() {
        String outOfRange = SCORES.replace("\"final\": 3.5", "\"final\": 7");
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer(PARTS), Reply.answer(DIFFERENCES),
                Reply.answer(outOfRange)));

        JudgeVerdict verdict = judge(server).judge(pair, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.FAILED);
        assertThat(verdict.failureReason()).isEqualTo(VlmJudge.UNANSWERED);
        assertThat(verdict.finalScore()).isNull();
        assertThat(verdict.parts()).isEmpty();
        assertThat(verdict.partsText()).isEqualTo(PARTS);
        assertThat(verdict.differencesText()).isEqualTo(DIFFERENCES);
        assertThat(verdict.attempts()).isEqualTo(5);
        assertThat(failures.counts).isEqualTo(Map.of("judge_score_out_of_range", 3, "judge_unanswered", 1));
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndCounted() {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.status(429).withHeader("Retry-After", "2"),
                Reply.answer(PARTS), Reply.answer(DIFFERENCES), Reply.answer(SCORES)));

        JudgeVerdict verdict = judge(server, "backoff-max", "5s").judge(pair, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.SCORED);
        assertThat(verdict.attempts()).as("the retried request counts").isEqualTo(4);
        assertThat(failures.counts).isEqualTo(Map.of("llm_http_429", 1));
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void aTimeoutFailsThePairAfterTheClientsRetries() {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer(PARTS).after(Duration.ofSeconds(3))));

        JudgeVerdict verdict = judge(server, "request-timeout", "1s", "max-retries", "1").judge(pair, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.FAILED);
        assertThat(verdict.failureReason()).isEqualTo(ChatCompletionsClient.TIMEOUT);
        assertThat(verdict.finalScore()).isNull();
        assertThat(verdict.attempts()).isEqualTo(2);
        assertThat(failures.counts).isEqualTo(Map.of("llm_timeout", 2, "llm_gave_up", 1));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aPairWhoseImagesAreNotPngFailsWithoutARequest() {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer(PARTS)));
        PairRow broken = PairFixtures.pair("p", 7, "Cup", "cup", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                Photos.png(Photos.COFFEE));

        JudgeVerdict verdict = judge(server).judge(broken, failures);

        assertThat(verdict.status()).isEqualTo(JudgeVerdict.Status.FAILED);
        assertThat(verdict.failureReason()).isEqualTo(VlmJudge.NOT_PNG);
        assertThat(failures.counts).isEqualTo(Map.of(VlmJudge.NOT_PNG, 1));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRerunIsServedFromTheCacheWithZeroRequests() {
        // Answers by turn (messages so far), so concurrent pairs get the right reply whatever the order.
        FakeChatServer server = server(FakeChatServer.start(request -> switch (request.body().get("messages").size()) {
            case 2 -> Reply.answer(PARTS);
            case 4 -> Reply.answer(DIFFERENCES);
            default -> Reply.answer(SCORES);
        }));
        List<PairRow> pairs = List.of(pair, PairFixtures.pair("c0007-subj000-scn01", Photos.MOTORCYCLE_LEFT,
                Photos.MOTORCYCLE_RIGHT), PairFixtures.pair("c0007-subj001-scn00", Photos.ROCKET, Photos.ASTRONAUT));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        open.add(pool::shutdownNow);
        VlmJudge judge = judge(server);
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), "score/_cache");

        CollectingEmitter<JudgeVerdict> first = new CollectingEmitter<>();
        new JudgeShardWork(pairs, judge, cache, pool, 4).run(first);
        assertThat(server.requests()).hasSize(9);
        assertThat(first.rows()).allMatch(v -> v.status() == JudgeVerdict.Status.SCORED && !v.cached());

        CollectingEmitter<JudgeVerdict> rerun = new CollectingEmitter<>();
        new JudgeShardWork(pairs, judge, cache, pool, 4).run(rerun);

        assertThat(server.requests()).as("no request on rerun").hasSize(9);
        assertThat(rerun.rows()).allMatch(JudgeVerdict::cached);
        assertThat(rerun.rows()).extracting(JudgeVerdict::finalScore).containsExactly(3.5, 3.5, 3.5);
        assertThat(rerun.failures()).isEmpty();

        JudgePrompts edited = new JudgePrompts("", JudgePrompts.builtIn().parts(),
                JudgePrompts.builtIn().differences(), JudgePrompts.builtIn().scores() + " Be strict.");
        ChatCompletionsClient client = new ChatCompletionsClient(TestEndpoints.endpointUnder("judge", server.baseUrl()));
        open.add(client);
        new JudgeShardWork(pairs, new VlmJudge(client, edited, 3), cache, pool, 4).run(new CollectingEmitter<>());
        assertThat(server.requests()).as("new prompts, new cache key").hasSize(9 + 9);
    }

    @Test
    void withoutAnEndpointPairsAreUnscoredAndNothingIsAsked() throws Exception {
        FakeChatServer server = server(FakeChatServer.scripted(Reply.answer(PARTS)));
        JudgeConfig unconfigured = JudgeConfig.from(ConfigValues.of(Map.of()));
        CollectingEmitter<JudgeVerdict> emitter = new CollectingEmitter<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        open.add(pool::shutdownNow);

        try (PairJudge judge = VlmJudge.open(unconfigured)) {
            assertThat(judge.scores()).isFalse();
            new JudgeShardWork(List.of(pair), judge, new StorageJudgeCache(new LocalStageStorage(root),
                    "score/_cache"), pool, 4).run(emitter);
        }

        assertThat(emitter.rows()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(JudgeVerdict.Status.UNSCORED);
            assertThat(v.finalScore()).isNull();
            assertThat(v.attempts()).isZero();
        });
        assertThat(server.requests()).isEmpty();
        assertThat(Files.exists(root.resolve("score"))).as("no cache written").isFalse();
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    private static byte[] dataUrlBytes(JsonNode part) {
        assertThat(part.get("type").asText()).isEqualTo("image_url");
        String url = part.get("image_url").get("url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        return Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()));
    }
}
