package io.unosynth.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.report.ReportContext;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages chained on local Spark with the built-in demo models, small enough for CI. */
class PipelineEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void theWholeChainForThreeCategoriesThenResume() throws Exception {
        SparkSession spark = LocalSpark.session();
        UnosynthConfig config = config(tmp.resolve("run"));
        StageStorage storage = new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<StageSummary> first = runAll(spark, storage, config, new PrintStream(console, true, StandardCharsets.UTF_8));

        StageSummary generate = first.get(1);
        assertThat(generate.shards()).as("3 categories x 2 pairs, 1 pair per shard").isEqualTo(6);
        assertThat(generate.rowsOut()).isEqualTo(6);
        assertThat(generate.failures()).isEmpty();
        Dataset<Row> pairs = spark.read().parquet(tmp.resolve("run/generate").toString());
        assertThat(pairs.columns()).contains("pair_id", "prompt", "seed", "steps", "models", "ref_png", "tgt_png");
        List<PairRow> rows = pairs.collectAsList().stream().map(PairRowColumns::fromRow).toList();
        assertThat(rows).extracting(PairRow::categoryId).containsOnly(2, 4, 6);
        for (PairRow pair : rows) {
            RgbImage reference = ImageCodec.decode(pair.referencePng(), pair.pairId());
            RgbImage target = ImageCodec.decode(pair.targetPng(), pair.pairId());
            assertThat(reference).extracting(RgbImage::width, RgbImage::height).containsExactly(48, 32);
            assertThat(target).extracting(RgbImage::width, RgbImage::height).containsExactly(48, 32);
            assertThat(pair.models()).contains("flux=demo:flux@unverified");
            assertThat(pair.steps()).isEqualTo(2);
        }
        assertThat(rows).extracting(PairRow::planId).as("different subjects before second scenes")
                .allSatisfy(id -> assertThat(id).endsWith("-scn00"));
        assertThat(first.get(2).rowsOut()).as("a decision per pair").isEqualTo(6);
        assertThat(first.get(4).rowsOut()).as("a selection row per pair").isEqualTo(6);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("No judge endpoint configured");
        assertThat(first.get(5).rowsOut()).as("demo halves are near copies: nothing selected, nothing exported")
                .isZero();
        assertThat(tmp.resolve("run/export/uno_train.json")).hasContent("[ ]");
        assertThat(Files.readString(tmp.resolve("run/report/index.html")))
                .contains("Funnel").contains("Sneakers").contains("c0002-subj000-scn00");

        List<StageSummary> rerun = runAll(spark, storage, config, new PrintStream(new ByteArrayOutputStream()));
        assertThat(rerun).allSatisfy(summary -> assertThat(summary.shardsRunNow()).isZero());

        Path generated = tmp.resolve("run/generate");
        FileTime untouched = Files.getLastModifiedTime(generated.resolve("part-c0002-g000.parquet"));
        byte[] before = Files.readAllBytes(generated.resolve("part-c0004-g001.parquet"));
        Files.delete(generated.resolve("part-c0004-g001.parquet"));
        Files.delete(generated.resolve("_shards/c0004-g001.json"));
        StageSummary regenerated = GenerateJob.run(spark, storage, config, false,
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(regenerated.shardsRunNow()).isEqualTo(1);
        assertThat(Files.readAllBytes(generated.resolve("part-c0004-g001.parquet"))).as("same bytes").isEqualTo(before);
        assertThat(Files.getLastModifiedTime(generated.resolve("part-c0002-g000.parquet"))).isEqualTo(untouched);
    }

    /** The README's first command: conf/demo.properties walks every stage with rows, marked as demo data. */
    @Test
    void theDemoConfigReachesANonEmptyExportMarkedAsDemoData() throws Exception {
        SparkSession spark = LocalSpark.session();
        List<ConfigEntry> small = new ArrayList<>();
        smallSettings(tmp.resolve("demo")).forEach((k, v) -> small.add(new ConfigEntry(k, v, "test")));
        UnosynthConfig config = UnosynthConfig.load(List.of(Path.of("../conf/demo.properties")), small);
        StageStorage storage = new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());

        List<StageSummary> stages = runAll(spark, storage, config, new PrintStream(new ByteArrayOutputStream()));

        assertThat(stages).extracting(StageSummary::rowsOut).as("plan, generate, filter, score, select, export")
                .containsExactly(24L, 6L, 6L, 6L, 6L, 6L);
        assertThat(Files.readString(tmp.resolve("demo/export/uno_train.json"))).contains("image_tgt_path");
        assertThat(tmp.resolve("demo/export/" + ExportJob.DEMO_FILE)).hasContent(ExportJob.DEMO_TEXT.strip());
        assertThat(Files.readString(tmp.resolve("demo/report/index.html"))).contains("Demo data: made by the built-in");
    }

    @Test
    void aCorruptPlanRowIsCountedNotACrash() throws Exception {
        SparkSession spark = LocalSpark.session();
        UnosynthConfig config = config(tmp.resolve("run"));
        StageStorage storage = new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
        PlanJob.run(spark, storage, config, false, new PrintStream(new ByteArrayOutputStream()));
        // A file some other tool put in the plan folder: category 2, a null prompt, ranked first of its category.
        spark.sql("select 'c0002-subj000-scn09' as plan_id, 2 as category_id, 'Sneakers' as category, "
                        + "-1 as subject_index, 'a shoe' as subject, 0 as scene_index, 'a photo of it' as scene, "
                        + "cast(null as string) as prompt, cast(7 as bigint) as seed, 'pandas' as backend")
                .write().parquet(tmp.resolve("run/plan/extra").toString());
        java.io.File[] extra = tmp.resolve("run/plan/extra").toFile().listFiles((dir, name) -> name.endsWith(".parquet"));
        assertThat(extra).hasSize(1);
        assertThat(extra[0].renameTo(tmp.resolve("run/plan/part-c0002-s001.parquet").toFile())).isTrue();
        // Stages read upstream through markers only: commit the foreign file as plan shard c0002-s001.
        Path markers = tmp.resolve("run/plan/_shards");
        Files.writeString(markers.resolve("c0002-s001.json"), Files.readString(markers.resolve("c0002-s000.json"))
                .replace("c0002-s000", "c0002-s001"));

        StageSummary generate = GenerateJob.run(spark, storage, config, false,
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(generate.failures()).containsEntry("corrupt_plan_row", 1L);
        assertThat(generate.rowsOut()).as("category 2 renders its one readable row of two").isEqualTo(5);
    }

    static List<StageSummary> runAll(SparkSession spark, StageStorage storage, UnosynthConfig config,
            PrintStream console) {
        List<StageSummary> summaries = new ArrayList<>();
        summaries.add(PlanJob.run(spark, storage, config, false, console));
        summaries.add(GenerateJob.run(spark, storage, config, false, console));
        summaries.add(FilterJob.run(spark, storage, config, false, console));
        summaries.add(ScoreJob.run(spark, storage, config, false, console));
        summaries.add(SelectJob.run(spark, storage, config, false, console));
        summaries.add(ExportJob.run(spark, storage, config, false, console));
        ReportJob.run(spark, storage, config, 4, ReportContext.of(Map.of()), console);
        return summaries;
    }

    static UnosynthConfig config(Path out) {
        List<ConfigEntry> entries = new ArrayList<>();
        smallSettings(out).forEach((k, v) -> entries.add(new ConfigEntry(k, v, "test")));
        return UnosynthConfig.load(List.of(), entries);
    }

    /** Three categories, a few subjects, miniature images. */
    static Map<String, String> smallSettings(Path out) {
        return Map.of(
                "run.output", out.toString(),
                "taxonomy.categories", "2,4,6",
                "plan.subjects-per-category", "4",
                "plan.scenes-per-subject", "2",
                "plan.subjects-per-shard", "4",
                "generate.width", "96",
                "generate.height", "32",
                "generate.steps", "2",
                "generate.pairs-per-shard", "1");
    }
}
