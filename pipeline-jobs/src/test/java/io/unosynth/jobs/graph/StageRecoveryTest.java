package io.unosynth.jobs.graph;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.ErrorCategory;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.runtime.llm.FakeChatServer;
import io.unosynth.runtime.llm.FakeChatServer.Received;
import io.unosynth.runtime.llm.FakeChatServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns after failures and changes, through the real Spark jobs with the demo models and the local
 * chat-completions fake as judge; the filter band is wide open so demo pairs (near copies) reach the judge.
 */
class StageRecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void anOutageFailsLoudlyTheRerunRetriesOnlyTheFailedPairsAndForceFlowsDownWithoutPaying() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path recovered = tmp.resolve("recovered");
        Path clean = tmp.resolve("clean");
        try (FakeChatServer good = FakeChatServer.start(FakeJudgeAnswers::answer)) {
            UnosynthConfig config = config(recovered, good.baseUrl());
            StageStorage storage = storage(spark, config);
            PlanJob.run(spark, storage, config, false, out);
            GenerateJob.run(spark, storage, config, false, out);
            assertThat(FilterJob.run(spark, storage, config, false, out).rowsOut()).isEqualTo(2);
            copyStages(recovered, clean, "plan", "generate", "filter");
            List<Row> pairs = spark.read().parquet(recovered.resolve("generate").toString()).orderBy("pair_id")
                    .select("pair_id", "subject").collectAsList();
            assertThat(pairs).hasSize(2);
            String downSubject = pairs.get(0).getString(1);
            assertThat(pairs.get(1).getString(1)).doesNotContain(downSubject);

            // The judge is unreachable for the first pair (503 on every turn), fine for the second.
            try (FakeChatServer flaky = FakeChatServer.start(request -> mentions(request, downSubject)
                    ? Reply.status(503) : FakeJudgeAnswers.answer(request))) {
                UnosynthConfig outage = config(recovered, flaky.baseUrl());
                assertThatThrownBy(() -> ScoreJob.run(spark, storage, outage, false, out))
                        .isInstanceOf(PipelineException.class)
                        .hasMessageContaining("Cannot finish stage 'score': 1 of 2 rows failed for an external reason")
                        .hasMessageContaining("run.max-failed-fraction")
                        .hasMessageContaining("llm_")
                        .satisfies(e -> assertThat(((PipelineException) e).code().category().exitCode())
                                .isEqualTo(ErrorCategory.EXTERNAL_ERROR.exitCode()).isEqualTo(3));
            }

            // Endpoint back: only the failed pair is asked (three turns), the other verdict comes from the cache.
            int before = good.requests().size();
            StageSummary retried = ScoreJob.run(spark, storage, config, false, out);
            List<Received> retryRequests = good.requests().subList(before, good.requests().size());
            assertThat(retryRequests).hasSize(3).allSatisfy(r -> assertThat(mentions(r, downSubject) || FakeJudgeAnswers.turn(r) > 1)
                    .isTrue());
            assertThat(retried.shardsRunNow()).isEqualTo(1);
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("[score] retrying 1 shard(s) with rows that failed for an external reason");
            assertThat(SelectJob.run(spark, storage, config, false, out).rowsOut()).isEqualTo(2);
            ExportJob.run(spark, storage, config, false, out);

            // A run that never had an outage gives the same training files.
            UnosynthConfig cleanConfig = config(clean, good.baseUrl());
            StageStorage cleanStorage = storage(spark, cleanConfig);
            ScoreJob.run(spark, cleanStorage, cleanConfig, false, out);
            SelectJob.run(spark, cleanStorage, cleanConfig, false, out);
            ExportJob.run(spark, cleanStorage, cleanConfig, false, out);
            assertThat(trainingEntries(recovered)).hasSize(2).isEqualTo(trainingEntries(clean));
            assertThat(Files.readAllBytes(recovered.resolve("export/uno_1m.jsonl")))
                    .isEqualTo(Files.readAllBytes(clean.resolve("export/uno_1m.jsonl")));

            // --force on score: every verdict is cached outside the stage folder, so zero requests; select and
            // export see the new score data and are redone, agreeing with score.
            int beforeForce = good.requests().size();
            StageSummary forced = ScoreJob.run(spark, storage, config, true, out);
            assertThat(forced.shardsRunNow()).isEqualTo(2);
            assertThat(good.requests()).hasSize(beforeForce);
            console.reset();
            assertThat(SelectJob.run(spark, storage, config, false, out).shardsRunNow()).isEqualTo(2);
            assertThat(ExportJob.run(spark, storage, config, false, out).shardsRunNow()).isEqualTo(2);
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("[select] redoing 2 shard(s) whose upstream data changed")
                    .contains("[export] redoing 2 shard(s) whose upstream data changed");
            long passing = spark.read().parquet(recovered.resolve("score").toString())
                    .where(col("status").equalTo("scored").and(col("final_score").geq(3.5))).count();
            assertThat(passing).isEqualTo(2);
            assertThat(trainingEntries(recovered)).hasSize((int) passing);
        }
    }

    @Test
    void doublingThePairsPerCategoryRendersOnlyTheNewPairs() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path run = tmp.resolve("run");
        UnosynthConfig config = config(run, "");
        StageStorage storage = storage(spark, config);
        PlanJob.run(spark, storage, config, false, out);
        GenerateJob.run(spark, storage, config, false, out);
        FilterJob.run(spark, storage, config, false, out);
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String file : List.of("generate/part-c0002-g000.parquet", "generate/part-c0002-g001.parquet",
                "filter/part-c0002-g000.parquet", "filter/part-c0002-g001.parquet")) {
            before.put(file, Files.readAllBytes(run.resolve(file)));
        }

        UnosynthConfig doubled = config(run, "", "generate.max-pairs-per-category", "4");
        StageSummary generate = GenerateJob.run(spark, storage, doubled, false, out);
        StageSummary filter = FilterJob.run(spark, storage, doubled, false, out);

        assertThat(generate.shards()).isEqualTo(4);
        assertThat(generate.shardsRunNow()).as("only the two new pairs are rendered").isEqualTo(2);
        assertThat(filter.shardsRunNow()).isEqualTo(2);
        before.forEach((file, bytes) -> assertThat(readAll(run.resolve(file))).as(file).isEqualTo(bytes));
        assertThat(spark.read().parquet(run.resolve("generate").toString()).count()).isEqualTo(4);
    }

    @Test
    void raisingTheSubjectsPerCategoryPlansAndRendersOnlyTheNewSubjects() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path run = tmp.resolve("run");
        String[] small = {"plan.subjects-per-category", "2", "plan.subjects-per-shard", "2",
                "plan.scenes-per-subject", "1", "generate.max-pairs-per-category", "0"};
        UnosynthConfig config = config(run, "", small);
        StageStorage storage = storage(spark, config);
        PlanJob.run(spark, storage, config, false, out);
        GenerateJob.run(spark, storage, config, false, out);
        Map<String, byte[]> before = new LinkedHashMap<>();
        for (String file : List.of("plan/part-c0002-s000.parquet", "generate/part-c0002-g000.parquet",
                "generate/part-c0002-g001.parquet")) {
            before.put(file, Files.readAllBytes(run.resolve(file)));
        }

        String[] grown = small.clone();
        grown[1] = "4";
        UnosynthConfig more = config(run, "", grown);
        assertThat(PlanJob.configHash(more)).isEqualTo(PlanJob.configHash(config));
        StageSummary plan = PlanJob.run(spark, storage, more, false, out);
        StageSummary generate = GenerateJob.run(spark, storage, more, false, out);

        assertThat(plan.shards()).isEqualTo(2);
        assertThat(plan.shardsRunNow()).as("only the new plan shard").isEqualTo(1);
        assertThat(generate.shards()).isEqualTo(4);
        assertThat(generate.shardsRunNow()).as("only the two new subjects' pairs are rendered").isEqualTo(2);
        before.forEach((file, bytes) -> assertThat(readAll(run.resolve(file))).as(file).isEqualTo(bytes));
        assertThat(spark.read().parquet(run.resolve("generate").toString()).select("subject").distinct()
                .count()).isEqualTo(4);
    }

    @Test
    void aLastPartlyFilledPlanShardIsRedoneWhenTheSubjectsGrow() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path run = tmp.resolve("run");
        UnosynthConfig config = config(run, "", "plan.subjects-per-category", "3", "plan.subjects-per-shard", "2");
        StageStorage storage = storage(spark, config);
        PlanJob.run(spark, storage, config, false, out);
        byte[] full = Files.readAllBytes(run.resolve("plan/part-c0002-s000.parquet"));

        StageSummary plan = PlanJob.run(spark, storage,
                config(run, "", "plan.subjects-per-category", "4", "plan.subjects-per-shard", "2"), false, out);

        assertThat(plan.shardsRunNow()).as("the partly filled shard s001").isEqualTo(1);
        assertThat(Files.readAllBytes(run.resolve("plan/part-c0002-s000.parquet"))).isEqualTo(full);
        assertThat(spark.read().parquet(run.resolve("plan/part-c0002-s001.parquet").toString()).count())
                .as("two subjects of two scenes").isEqualTo(4);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether any text part of the request's messages names {@code subject}. */
    static boolean mentions(Received request, String subject) {
        for (JsonNode message : request.body().path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual() && content.asText().contains(subject)) {
                return true;
            }
            for (JsonNode part : content) {
                if (part.path("text").asText().contains(subject)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<JsonNode> trainingEntries(Path run) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(run.resolve("export/uno_train.json").toFile()).forEach(entries::add);
        return entries;
    }

    private static void copyStages(Path from, Path to, String... stages) throws IOException {
        for (String stage : stages) {
            try (Stream<Path> files = Files.walk(from.resolve(stage))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }

    private static StageStorage storage(SparkSession spark, UnosynthConfig config) {
        return new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
    }

    /** The miniature run; {@code extra} are further key, value pairs. */
    static UnosynthConfig config(Path out, String judgeUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "run.output", out.toString(),
                "taxonomy.categories", "2",
                "plan.subjects-per-category", "4",
                "plan.scenes-per-subject", "2",
                "plan.subjects-per-shard", "4",
                "generate.width", "96",
                "generate.height", "32",
                "generate.steps", "2",
                "generate.pairs-per-shard", "1"));
        settings.put("filter.low", "0");
        settings.put("filter.high", "1");
        if (!judgeUrl.isEmpty()) {
            settings.put("judge.base-url", judgeUrl);
            settings.put("judge.model", "fake-judge");
            settings.put("judge.max-retries", "0");
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return load(settings);
    }

    private static UnosynthConfig load(Map<String, String> settings) {
        List<ConfigEntry> entries = new ArrayList<>();
        settings.forEach((k, v) -> entries.add(new ConfigEntry(k, v, "test")));
        return UnosynthConfig.load(List.of(), entries);
    }
}
