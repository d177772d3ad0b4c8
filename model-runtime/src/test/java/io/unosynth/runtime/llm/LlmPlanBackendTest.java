package io.unosynth.runtime.llm;

import static io.unosynth.runtime.llm.FakeChatServer.Reply;
import static io.unosynth.runtime.llm.MugFixtures.MUG;
import static io.unosynth.runtime.llm.MugFixtures.SUBJECTS;
import static io.unosynth.runtime.llm.TestEndpoints.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.plan.TokenEstimate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmPlanBackendTest {
    private static final List<String> SCENES = List.of(
            "a close-up photo of it on a wooden kitchen table in soft morning light",
            "a wide shot of it on a snowy park bench at dusk",
            "a photo of it from above on a marble countertop beside fresh lemons",
            "a low-angle photo of it on a boat deck under a bright midday sun");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final FailureCounts failures = new FailureCounts();

    private LlmPlanBackend backend(ChatCompletionsClient client, int maxAnswerAttempts) {
        return new LlmPlanBackend(client, PlanPrompts.builtIn(), maxAnswerAttempts, 0.8);
    }

    private ChatCompletionsClient client(FakeChatServer server) {
        return new ChatCompletionsClient(endpoint(server.baseUrl()), sleeper, () -> 0.5);
    }

    @Test
    void asksForSubjectsWithTheCategoryTheMixAndTheLimits() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answerList(SUBJECTS));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 3)) {
            List<String> subjects = backend.subjects(MUG, 1, 4, 12, 7L, failures);

            assertThat(subjects).containsExactlyElementsOf(SUBJECTS.subList(0, 4));
            assertThat(failures.snapshot()).isEmpty();
            assertThat(backend.id()).isEqualTo("llm:test-model");
            assertThat(backend.concurrent()).isTrue();
            assertThat(backend.tokenUsage()).isEqualTo(new ChatResult.TokenUsage(11, 7));
            String prompt = server.requests().get(0).userText();
            // Four wanted plus a margin of one: 2 ordinary, 1 rare, 2 with text.
            assertThat(prompt).contains("Category: \"Mug\" (batch 2)", "Write 5 different subjects",
                    "about 2 ordinary", "about 1 rare", "about 2 with text", "at most 12 words",
                    "JSON array of 5 strings").doesNotContain("{");
            assertThat(server.requests().get(0).body().path("messages").path(0).path("role").asText())
                    .isEqualTo("system");
        }
    }

    @Test
    void asksAgainWithANewSeedAfterAnAnswerThatIsNotJson() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answer("Sure! Here are some scenes: 1. a photo"),
                Reply.answerList(SCENES));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 3)) {
            List<String> scenes = backend.scenes(MUG, SUBJECTS.get(0), 3, 77, 99L, failures);

            assertThat(scenes).containsExactlyElementsOf(SCENES.subList(0, 3));
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_not_json", 1));
            List<FakeChatServer.Received> requests = server.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0).body().path("seed").asLong())
                    .isNotEqualTo(requests.get(1).body().path("seed").asLong());
            assertThat(requests.get(0).userText()).contains("Subject: \"" + SUBJECTS.get(0) + "\"",
                    "Write 4 different scenes", "at most 38 words", "under 77 tokens");
        }
    }

    @Test
    void keepsTheLargestUsablePartWhenEveryAnswerHasTooFewItems() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.answerList(SCENES.subList(0, 1)),
                Reply.answerList(SCENES.subList(0, 3)), Reply.answerList(SCENES.subList(1, 3)));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 3)) {
            List<String> scenes = backend.scenes(MUG, SUBJECTS.get(0), 4, 77, 5L, failures);

            assertThat(scenes).containsExactlyElementsOf(SCENES.subList(0, 3));
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_too_few_items", 3));
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void dropsItemsOverTheLimitAndCountsTheRejection() {
        String overlong = "a photo of it " + "surrounded by extraordinarily complicated mechanical contraptions "
                .repeat(6);
        assertThat(TokenEstimate.count(overlong)).isGreaterThan(77);
        try (FakeChatServer server = FakeChatServer.scripted(
                Reply.answerList(List.of(SCENES.get(0), overlong, SCENES.get(1))));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 1)) {
            List<String> scenes = backend.scenes(MUG, SUBJECTS.get(0), 3, 77, 5L, failures);

            assertThat(scenes).containsExactly(SCENES.get(0), SCENES.get(1));
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_too_long", 1));
        }
    }

    @Test
    void givesUpAtOnceWhenTheEndpointRefuses() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.status(401));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 3)) {
            List<String> subjects = backend.subjects(MUG, 0, 4, 12, 7L, failures);

            assertThat(subjects).isEmpty();
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_http_401", 1, "llm_gave_up", 1));
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void anEndpointThatStaysDownIsExternalARetriedAttemptIsNot() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.status(503));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 3)) {
            List<String> subjects = backend.subjects(MUG, 0, 4, 12, 7L, failures);

            assertThat(subjects).isEmpty();
            assertThat(failures.snapshot()).containsEntry(LlmPlanBackend.UNAVAILABLE, 1)
                    .containsEntry("llm_gave_up", 1).containsKey("llm_http_503");
            assertThat(backend.external(LlmPlanBackend.UNAVAILABLE)).isTrue();
            assertThat(backend.external("llm_http_503")).as("one attempt, which the client retries").isFalse();
            assertThat(backend.external("llm_gave_up")).as("also said of a refusal (401)").isFalse();
        }
    }

    @Test
    void asksAgainAfterAGarbledResponse() {
        try (FakeChatServer server = FakeChatServer.scripted(Reply.raw(200, "{\"choices\":[]}"),
                Reply.answerList(SUBJECTS));
                ChatCompletionsClient client = client(server);
                LlmPlanBackend backend = backend(client, 2)) {
            List<String> subjects = backend.subjects(MUG, 0, 2, 12, 7L, failures);

            assertThat(subjects).hasSize(2);
            assertThat(failures.snapshot()).isEqualTo(Map.of("llm_bad_response", 1, "llm_gave_up", 1));
        }
    }
}
