package io.unosynth.jobs.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanJobTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @Test
    void plansEveryCategoryWithTheConfiguredCountsAndSchema() {
        Path out = tmp.resolve("run");
        StageSummary summary = plan(out, "1,5,Person", Map.of());

        assertThat(summary.shards()).as("Person is category 1: two categories").isEqualTo(2);
        assertThat(summary.rowsOut()).isEqualTo(2 * 50 * 8);
        assertThat(summary.failures()).isEmpty();
        Dataset<Row> rows = spark.read().parquet(out.resolve("plan").toString());
        assertThat(rows.columns()).containsExactly("plan_id", "category_id", "category", "subject_index", "subject",
                "scene_index", "scene", "prompt", "seed", "backend");
        assertThat(rows.count()).isEqualTo(800);
        assertThat(rows.select("plan_id").distinct().count()).isEqualTo(800);
        assertThat(rows.select("category_id").distinct().collectAsList())
                .extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(1, 5);
        Row first = rows.orderBy("plan_id").first();
        assertThat(first.<String>getAs("plan_id")).isEqualTo("c0001-subj000-scn00");
        assertThat(first.<String>getAs("prompt")).startsWith("A diptych with two side-by-side images of same ")
                .contains(first.<String>getAs("subject")).endsWith(first.<String>getAs("scene"));
        assertThat(rows.where("size(split(subject, ' ')) > 12").count()).isZero();
        assertThat(rows.select("seed").distinct().count()).isEqualTo(800);
    }

    @Test
    void outputIsByteIdenticalWhateverThePartitioning() throws IOException {
        Map<String, String> smallShards = Map.of("plan.subjects-per-shard", "20", "plan.subjects-per-category", "40");
        Path one = tmp.resolve("one");
        Path four = tmp.resolve("four");
        plan(one, "3,7,11", with(smallShards, "run.partitions", "1"));
        plan(four, "3,7,11", with(smallShards, "run.partitions", "4"));

        Map<String, String> digestsOne = dataDigests(one);
        assertThat(digestsOne).hasSize(6);
        assertThat(dataDigests(four)).isEqualTo(digestsOne);
    }

    @Test
    void rerunRedoesOnlyTheMissingShardAndGivesIdenticalRows() throws IOException {
        Path out = tmp.resolve("run");
        plan(out, "2,4,6", Map.of());
        Map<String, String> before = dataDigests(out);
        Path plan = out.resolve("plan");
        FileTime untouched = Files.getLastModifiedTime(plan.resolve("part-c0002-s000.parquet"));
        Files.delete(plan.resolve("part-c0004-s000.parquet"));
        Files.delete(plan.resolve("_shards/c0004-s000.json"));

        StageSummary rerun = plan(out, "2,4,6", Map.of());

        assertThat(rerun.shardsRunNow()).isEqualTo(1);
        assertThat(rerun.shards()).isEqualTo(3);
        assertThat(dataDigests(out)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(plan.resolve("part-c0002-s000.parquet"))).isEqualTo(untouched);
        assertThat(plan(out, "2,4,6", Map.of()).shardsRunNow()).as("a complete stage is a no-op").isZero();
    }

    @Test
    void aShardWhoseDataVanishedIsRedoneEvenWithItsMarker() throws IOException {
        Path out = tmp.resolve("run");
        plan(out, "9", Map.of());
        Files.delete(out.resolve("plan/part-c0009-s000.parquet"));

        assertThat(plan(out, "9", Map.of()).shardsRunNow()).isEqualTo(1);
        assertThat(out.resolve("plan/part-c0009-s000.parquet")).exists();
    }

    @Test
    void refusesToMixShardsOfAnotherConfigurationUnlessForced() {
        Path out = tmp.resolve("run");
        plan(out, "10", Map.of());

        assertThatThrownBy(() -> plan(out, "10", Map.of("plan.scenes-per-subject", "4")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Cannot resume stage 'plan'")
                .hasMessageContaining("c0010-s000")
                .hasMessageContaining("--force");

        StageSummary forced = run(out, "10", Map.of("plan.scenes-per-subject", "4"), true);
        assertThat(forced.shardsRunNow()).isEqualTo(1);
        assertThat(forced.rowsOut()).isEqualTo(50 * 4);
    }

    @Test
    void selectionDoesNotChangeAShardsContent() throws IOException {
        Path alone = tmp.resolve("alone");
        Path together = tmp.resolve("together");
        plan(alone, "12", Map.of());
        plan(together, "11,12,13", Map.of());

        assertThat(dataDigests(together)).containsEntry("part-c0012-s000.parquet",
                dataDigests(alone).get("part-c0012-s000.parquet"));
    }

    @Test
    void printsProgressAndASummaryFromTheMarkers() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        UnosynthConfig config = config(tmp.resolve("run"), "1", Map.of());
        StageStorage storage = new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
        PlanJob.run(spark, storage, config, false, new PrintStream(console, true, StandardCharsets.UTF_8));

        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[plan] 1/1 shards (100.0%) | 400 rows")
                .contains("[plan] done: 1 shards (1 run now, 0 already done) | 1 in -> 400 rows")
                .contains("failures: none")
                .contains("models: [template-v1]");
    }

    private StageSummary plan(Path out, String categories, Map<String, String> settings) {
        return run(out, categories, settings, false);
    }

    private static StageSummary run(Path out, String categories, Map<String, String> settings, boolean force) {
        UnosynthConfig config = config(out, categories, settings);
        StageStorage storage = new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
        return PlanJob.run(spark, storage, config, force, new PrintStream(new ByteArrayOutputStream()));
    }

    private static UnosynthConfig config(Path out, String categories, Map<String, String> settings) {
        List<ConfigEntry> entries = new ArrayList<>();
        entries.add(new ConfigEntry("run.output", out.toString(), "test"));
        entries.add(new ConfigEntry("taxonomy.categories", categories, "test"));
        settings.forEach((k, v) -> entries.add(new ConfigEntry(k, v, "test")));
        return UnosynthConfig.load(List.of(), entries);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new TreeMap<>(base);
        copy.put(key, value);
        return copy;
    }

    /** SHA-256 of every data file of the plan stage, by file name. */
    static Map<String, String> dataDigests(Path out) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(out.resolve("plan"))) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                try {
                    digests.put(file.getFileName().toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return digests;
    }
}
