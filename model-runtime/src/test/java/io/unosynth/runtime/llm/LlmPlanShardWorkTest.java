package io.unosynth.runtime.llm;

import static io.unosynth.runtime.llm.FakeChatServer.Reply;
import static io.unosynth.runtime.llm.MugFixtures.MUG;
import static io.unosynth.runtime.llm.MugFixtures.SUBJECTS;
import static io.unosynth.runtime.llm.TestEndpoints.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.plan.PlanShardWork;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.shard.CollectingEmitter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The plan stage's shard work end to end with the LLM backend against a scripted endpoint. */
class LlmPlanShardWorkTest {
    private static final String STUBBORN = SUBJECTS.get(1);
    private static final String FLAKY = SUBJECTS.get(2);

    @Test
    void writesRowsInOrderAndCountsEveryFailure() {
        AtomicInteger subjectRequests = new AtomicInteger();
        AtomicInteger flakyRequests = new AtomicInteger();
        try (FakeChatServer server = FakeChatServer.start(request -> {
            String text = request.userText();
            if (text.startsWith("Category:")) {
                // First answer is prose, the second a good list.
                return subjectRequests.getAndIncrement() == 0
                        ? Reply.answer("Here are mugs: red mug, steel mug")
                        : Reply.answerList(SUBJECTS);
            }
            String subject = text.substring(text.indexOf('"') + 1, text.indexOf("\" (category"));
            if (subject.equals(STUBBORN)) {
                return Reply.answerList(List.of("a photo of it on a windowsill in the rain"));
            }
            if (subject.equals(FLAKY) && flakyRequests.getAndIncrement() == 0) {
                return Reply.status(500);
            }
            return Reply.answerList(List.of("a photo of it on a desk beside a laptop",
                    "a close-up photo of it on a picnic blanket in a meadow",
                    "a wide shot of it on a rooftop terrace at golden hour"));
        })) {
            PlanConfig plan = new PlanConfig(PlanConfig.PlanBackendKind.LLM, 6, 3, 12, 77, 3, "", 0.8, 2);
            CollectingEmitter<PlanRow> emitter = new CollectingEmitter<>();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try (ChatCompletionsClient client = new ChatCompletionsClient(endpoint(server.baseUrl()),
                    new RecordingSleeper(), () -> 0.5);
                    LlmPlanBackend backend = new LlmPlanBackend(client, PlanPrompts.builtIn(),
                            plan.maxAnswerAttempts(), plan.dedupSimilarity())) {
                new PlanShardWork(MUG, 1, plan, 2025L, backend, PromptTemplate.diptych(), pool).run(emitter);
            } finally {
                pool.shutdownNow();
            }

            // Shard 1 holds subjects 3..5: the first three of the answer. The stubborn one gets one scene of three.
            List<PlanRow> rows = emitter.rows();
            assertThat(rows).extracting(PlanRow::planId).containsExactly(
                    "c0012-subj003-scn00", "c0012-subj003-scn01", "c0012-subj003-scn02",
                    "c0012-subj004-scn00",
                    "c0012-subj005-scn00", "c0012-subj005-scn01", "c0012-subj005-scn02");
            assertThat(rows).extracting(PlanRow::subject).containsExactly(
                    SUBJECTS.get(0), SUBJECTS.get(0), SUBJECTS.get(0), STUBBORN, FLAKY, FLAKY, FLAKY);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.backend()).isEqualTo("llm:test-model");
                assertThat(row.prompt()).isEqualTo(PromptTemplate.diptych().render(row.subject(), row.scene()))
                        .doesNotContain("same a ");
            });
            assertThat(rows.get(3).scene()).isEqualTo("a photo of it on a windowsill in the rain");
            assertThat(emitter.failures()).isEqualTo(Map.of(
                    "llm_not_json", 1,
                    "llm_http_500", 1,
                    "llm_too_few_items", 2,
                    "scene_missing", 2));
            assertThat(emitter.models()).containsExactly("llm:test-model");
            assertThat(emitter.inputs()).isEqualTo(1);
            // 2 subject answers, 1 + 2 (stubborn) + 2 (flaky: a 500 then an answer) scene requests.
            assertThat(server.requests()).hasSize(7);
        }
    }
}
