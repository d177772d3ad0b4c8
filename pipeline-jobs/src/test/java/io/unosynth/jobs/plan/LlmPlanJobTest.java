package io.unosynth.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.runtime.llm.FakeChatServer;
import io.unosynth.runtime.llm.FakeChatServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan stage on Spark with the LLM backend against a local chat-completions server. */
class LlmPlanJobTest {
    @TempDir
    Path tmp;

    @Test
    void countsEndpointFailuresInTheShardStatsAndNeverCrashes() {
        AtomicInteger subjectCalls = new AtomicInteger();
        AtomicInteger sceneCalls = new AtomicInteger();
        try (FakeChatServer server = FakeChatServer.start(request -> {
            String text = request.userText();
            if (text.contains("subjects")) {
                // The first subjects answer is not JSON; the second is good.
                return subjectCalls.getAndIncrement() == 0
                        ? Reply.answer("Sure! Here are some mugs.")
                        : Reply.answerList(List.of("a chipped blue enamel camping mug",
                                "a tall glass latte mug with a bamboo sleeve", "a cat-shaped ceramic mug"));
            }
            int call = sceneCalls.getAndIncrement();
            if (call == 0) {
                return Reply.status(500);
            }
            return Reply.answerList(List.of("a photo of it on a mossy rock by a stream",
                    "a photo of it on a desk beside a laptop"));
        })) {
            SparkSession spark = LocalSpark.session();
            UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(
                    entry("run.output", tmp.resolve("run").toString()),
                    entry("taxonomy.categories", "11"),
                    entry("plan.backend", "llm"),
                    entry("plan.subjects-per-category", "3"),
                    entry("plan.subjects-per-shard", "3"),
                    entry("plan.scenes-per-subject", "2"),
                    entry("llm.base-url", server.baseUrl()),
                    entry("llm.model", "test-model"),
                    entry("llm.backoff-initial", "10ms"),
                    entry("llm.backoff-max", "20ms")));

            StageSummary summary = PlanJob.run(spark,
                    new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration()),
                    config, false, new PrintStream(new ByteArrayOutputStream()));

            assertThat(summary.rowsOut()).isEqualTo(6);
            assertThat(summary.failures()).containsEntry("llm_not_json", 1L).containsEntry("llm_http_500", 1L);
            assertThat(summary.models()).containsExactly("llm:test-model");
            assertThat(UpstreamMarkers.read(new HadoopStageStorage(config.run().output(),
                    spark.sparkContext().hadoopConfiguration()), PlanJob.STAGE).shards())
                    .as("the client's retries got an answer: final").allMatch(ShardStats::isFinal);
            List<Row> rows = spark.read().parquet(tmp.resolve("run/plan").toString()).orderBy("plan_id")
                    .collectAsList();
            assertThat(rows).extracting(r -> r.<String>getAs("backend")).containsOnly("llm:test-model");
            assertThat(rows.get(0).<String>getAs("subject")).isEqualTo("a chipped blue enamel camping mug");
            assertThat(rows.get(0).<String>getAs("prompt"))
                    .contains("images of same chipped blue enamel camping mug.").endsWith(rows.get(0).<String>getAs("scene"));
        }
    }

    private static ConfigEntry entry(String key, String value) {
        return new ConfigEntry(key, value, "test");
    }
}
