package io.unosynth.jobs.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.select.SetSelection;
import io.unosynth.jobs.encode.EncodeJob;
import io.unosynth.jobs.encode.EncodedRowColumns;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.expand.ExpandSetColumns;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.graph.FakeJudgeAnswers;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.runtime.llm.FakeChatServer;
import io.unosynth.runtime.llm.FakeChatServer.Received;
import io.unosynth.runtime.llm.FakeChatServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * score-sets then encode-sets over expand's sets of the small finished run (ExpandJobTest's settings: one set of
 * 3 references, c0011-a-m, and one of 2, c0001-b-m), with a local chat-completions fake as the judge: a set one of
 * whose references scores below {@code select.min-final-score} is not encoded, nor one whose judging failed until a
 * rerun judges it; without a judge the references are marked unscored (said once) and the sets pass as select
 * passes unscored pairs.
 */
class ScoreSetsJobTest {
    private static final String[] SHARDS = {SmallRun.GENERATE_SHARD_CUP, SmallRun.GENERATE_SHARD_PERSON};
    private static final String LOW_SCORES = FakeJudgeAnswers.SCORES.replace("\"final\": 3.5", "\"final\": 2.0");
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @AfterAll
    static void leaveNoActiveSession() {
        SparkSession.clearActiveSession();
    }

    private UnosynthConfig config(String judgeUrl) {
        return SmallRun.config(root, "expand.max-subjects", "4", "expand.size", "32", "expand.steps", "2",
                "expand.min-score", "0.0", "expand.min-area-fraction", "0", "expand.similarity-low", "0.2",
                "expand.similarity-high", "1", "encode.resolution", "128", "select.include-unscored", "true",
                "judge.base-url", judgeUrl, "judge.model", "fake-judge", "judge.max-retries", "0",
                "run.max-failed-fraction", "0.5");
    }

    @Test
    void aSetWithAReferenceBelowTheThresholdIsNotEncodedAndWithoutAJudgeSetsPassUnscored() throws Exception {
        SmallRun.write(root);
        ExpandJob.run(spark, SmallRun.storage(spark, root), config(""), false, quiet());
        Map<String, ExpandSet> sets = sets();
        assertThat(sets).containsOnlyKeys("c0011-a-m", "c0001-b-m");
        // The judge finds the first extra subject of the 3-reference set unlike the target; everything else 3.5.
        String unlike = sets.get("c0011-a-m").labels().get(0);
        assertThat(sets.get("c0001-b-m").labels()).as("the label picked names one set's reference only")
                .doesNotContain(unlike);

        Function<Received, Reply> answers = request -> isScoresTurn(request)
                && mentions(request, "The subject is: " + unlike + "\n")
                ? Reply.answer(LOW_SCORES) : FakeJudgeAnswers.answer(request);
        List<Received> requests;
        try (FakeChatServer judge = FakeChatServer.start(answers)) {
            StageSummary judged = ScoreSetsJob.run(spark, SmallRun.storage(spark, root), config(judge.baseUrl()),
                    false, quiet());
            requests = judge.requests();
            assertThat(judged.rowsIn()).as("one verdict per reference").isEqualTo(5);
            assertThat(judged.models()).anyMatch(model -> model.startsWith("judge:fake-judge@prompts-"));
        }
        assertThat(requests).as("three turns per reference").hasSize(15);
        Map<String, JudgeVerdict> verdicts = verdicts();
        assertThat(verdicts).containsOnlyKeys("c0011-a-m-ref1", "c0011-a-m-ref2", "c0011-a-m-ref3",
                "c0001-b-m-ref1", "c0001-b-m-ref2");
        assertThat(verdicts.values()).allMatch(v -> v.status() == JudgeVerdict.Status.SCORED);
        assertThat(verdicts.get("c0011-a-m-ref2").finalScore()).isEqualTo(2.0);
        assertThat(verdicts.get("c0011-a-m-ref1").finalScore()).isEqualTo(3.5);
        assertThat(verdicts.get("c0011-a-m-ref2").differencesText()).isEqualTo(FakeJudgeAnswers.DIFFERENCES);
        // Verdicts are cached outside the stage folder, as score's are.
        assertThat(root.resolve(ScoreSetsJob.CACHE)).isNotEmptyDirectory();

        StageSummary encoded = EncodeJob.runSets(spark, SmallRun.storage(spark, root), config(""), false, quiet());
        assertThat(encoded.rowsIn()).isEqualTo(2);
        assertThat(encoded.failures()).isEqualTo(Map.of(SetSelection.BELOW_MIN_SCORE, 1L));
        assertThat(encodedSets()).extracting(EncodedRow::pairId).containsExactly("c0001-b-m");

        // The judge down for one reference (503, no retries): its verdict fails, counted; the shard is committed
        // but redone by the next run, and its set is not encoded meanwhile.
        deleteTree(root.resolve(ScoreSetsJob.CACHE));
        String down = "The subject is: " + SmallRun.subject("c0001-b") + "\n";
        try (FakeChatServer flaky = FakeChatServer.start(request -> mentions(request, down) ? Reply.status(503)
                : answers.apply(request))) {
            StageSummary failed = ScoreSetsJob.run(spark, SmallRun.storage(spark, root), config(flaky.baseUrl()),
                    true, quiet());
            assertThat(failed.failures()).containsKey("llm_http_503");
        }
        assertThat(verdicts().get("c0001-b-m-ref1").status()).isEqualTo(JudgeVerdict.Status.FAILED);
        StageSummary withFailure = EncodeJob.runSets(spark, SmallRun.storage(spark, root), config(""), false,
                quiet());
        assertThat(withFailure.failures()).isEqualTo(Map.of(SetSelection.BELOW_MIN_SCORE, 1L,
                SetSelection.JUDGE_FAILED, 1L));
        assertThat(encodedSets()).isEmpty();
        // The judge back: only the failed reference is asked again (the others are cached), and its set is encoded.
        try (FakeChatServer good = FakeChatServer.start(answers)) {
            StageSummary retried = ScoreSetsJob.run(spark, SmallRun.storage(spark, root), config(good.baseUrl()),
                    false, quiet());
            assertThat(retried.shardsRunNow()).isEqualTo(1);
            assertThat(good.requests()).hasSize(3).allMatch(request -> mentions(request, down));
        }
        EncodeJob.runSets(spark, SmallRun.storage(spark, root), config(""), false, quiet());
        assertThat(encodedSets()).extracting(EncodedRow::pairId).containsExactly("c0001-b-m");

        // No judge: said once, every reference unscored (no request, no score), and both sets are encoded.
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ScoreSetsJob.run(spark, SmallRun.storage(spark, root), config(""), true,
                new PrintStream(console, true, StandardCharsets.UTF_8));
        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text.split(java.util.regex.Pattern.quote(PairJudge.UNCONFIGURED_NOTICE), -1)).hasSize(2);
        assertThat(text).contains("[score-sets] " + PairJudge.UNCONFIGURED_NOTICE);
        assertThat(verdicts().values()).hasSize(5).allMatch(v -> v.status() == JudgeVerdict.Status.UNSCORED
                && v.finalScore() == null);
        StageSummary unscored = EncodeJob.runSets(spark, SmallRun.storage(spark, root), config(""), false, quiet());
        assertThat(unscored.shardsRunNow()).as("redone: their verdicts changed").isEqualTo(2);
        assertThat(encodedSets()).extracting(EncodedRow::pairId).containsExactlyInAnyOrder("c0001-b-m", "c0011-a-m");
        assertThat(encodedSets()).filteredOn(row -> row.pairId().equals("c0011-a-m")).singleElement()
                .satisfies(row -> assertThat(row.references()).hasSize(3));
    }

    private static boolean isScoresTurn(Received request) {
        return request.body().path("messages").size() > 4;
    }

    private static boolean mentions(Received request, String text) {
        for (JsonNode message : request.body().path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part.path("text").asText().contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, ExpandSet> sets() throws Exception {
        Map<String, ExpandSet> sets = new TreeMap<>();
        read("expand", ExpandSetColumns::fromGroup).forEach(set -> sets.put(set.setId(), set));
        return sets;
    }

    private Map<String, JudgeVerdict> verdicts() throws Exception {
        Map<String, JudgeVerdict> verdicts = new TreeMap<>();
        read(ScoreSetsJob.STAGE, JudgeVerdictColumns::fromGroup)
                .forEach(v -> verdicts.put(v.pairId(), v));
        return verdicts;
    }

    private List<EncodedRow> encodedSets() throws Exception {
        return read(EncodeJob.SETS_STAGE, EncodedRowColumns::fromGroup);
    }

    private <T> List<T> read(String stage, Function<org.apache.parquet.example.data.Group, T> codec)
            throws Exception {
        List<T> rows = new ArrayList<>();
        for (String shard : SHARDS) {
            Path part = root.resolve(stage + "/part-" + shard + ".parquet");
            if (Files.exists(part)) {
                try (ParquetShardReader<T> reader = ParquetShardReader.open(part.toString(), new Configuration(),
                        codec)) {
                    reader.forEach(rows::add);
                }
            }
        }
        return rows;
    }

    private static void deleteTree(Path directory) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
