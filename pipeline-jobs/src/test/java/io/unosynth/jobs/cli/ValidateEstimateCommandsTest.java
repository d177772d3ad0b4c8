package io.unosynth.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} and {@code estimate}: no Spark, real model loading, errors naming key, file and model input. */
class ValidateEstimateCommandsTest {
    private static final Path COSTS = Path.of("../conf/gpu-costs.properties");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void theDemoConfigurationPassesWithTheStagePlanAndStartsNoSpark() {
        var sessionBefore = SparkSession.getActiveSession();

        int exit = Unosynth.execute("validate", "--out", tmp.resolve("run").toString(), "--categories", "1,2");

        assertThat(exit).as(stderr()).isZero();
        assertThat(stdout()).contains("config: ok (2 categories")
                .contains("model flux (flux-transformer, demo:flux): ok")
                .contains("model t5 (t5-text-encoder, demo:t5): ok")
                .contains("model clip (clip-text-encoder, demo:clip): ok")
                .contains("model vae-decoder (vae, demo:vae-decoder): ok")
                .contains("model dino (dino-embedder, demo:embedder): ok")
                .containsPattern("plan +shards: 2 \\(2 categories x 1\\); done: 0")
                .containsPattern("generate +shards: at most 2 \\(2 categories x 2 pairs / 16 per shard\\); done: 0")
                .contains("report    not written");
        assertThat(SparkSession.getActiveSession()).isEqualTo(sessionBefore);
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aMissingLocationAndAWrongContractMappingAreNamedPerModel() {
        int exit = Unosynth.execute("validate", "--out", tmp.toString(), "--categories", "1",
                "--set", "models.flux.location=" + tmp.resolve("no-flux.onnx"),
                "--set", "models.dino.input.pixel_values=images");

        assertThat(exit).isEqualTo(2);
        assertThat(stdout()).contains("model flux (flux-transformer, " + tmp.resolve("no-flux.onnx") + "): FAILED")
                .contains("no-flux.onnx")
                .contains("model dino (dino-embedder, demo:embedder): FAILED")
                .contains("no input 'images' for the contract input 'pixel_values'")
                .contains("model t5 (t5-text-encoder, demo:t5): ok")
                .as("the plan is still printed").contains("stage plan");
        assertThat(stderr()).contains("Invalid models: flux, dino");
    }

    @Test
    void aStageCommandLineIsCheckedAsThatCommandParsesIt() throws IOException {
        Path conf = tmp.resolve("run.properties");
        Files.writeString(conf, "generate.steps = 4\n");

        assertThat(Unosynth.execute("validate", "--skip-models", "--", "generate", "--conf", conf.toString(),
                "--out", tmp.resolve("run").toString(), "--categories", "Person")).as(stderr()).isZero();
        assertThat(stdout()).contains("config: ok (1 categories").doesNotContain("model ");

        assertThat(Unosynth.execute("validate", "--skip-models", "--", "generate", "--categories", "Unicorn"))
                .isEqualTo(2);
        assertThat(stderr()).contains("Unknown category 'Unicorn' in taxonomy.categories");

        assertThat(Unosynth.execute("validate", "--", "generate", "--outt", "x")).isEqualTo(2);
        assertThat(stderr()).contains("Invalid stage command 'generate --outt x'").contains("--outt");

        assertThat(Unosynth.execute("validate", "--", "models", "demo", "--out", "x")).isEqualTo(2);
        assertThat(stderr()).contains("expected a stage");

        assertThat(Unosynth.execute("validate", "--skip-models", "plan", "--out", "x")).isEqualTo(2);
        assertThat(stderr()).contains("either to validate or to the stage command after --");
    }

    @Test
    void doneAndStaleMarkersAreCountedPerStage() throws IOException {
        Path run = tmp.resolve("run");
        UnosynthConfig config = config(run, "1,2");
        writeMarker(run, PlanJob.STAGE, "c0001-s000", PlanJob.configHash(config), 10, 0);
        writeMarker(run, PlanJob.STAGE, "c0002-s000", "another-config", 10, 0);

        assertThat(Unosynth.execute("validate", "--skip-models", "--out", run.toString(), "--categories", "1,2"))
                .as(stderr()).isZero();
        assertThat(stdout()).containsPattern("plan +shards: 2 .*; done: 1; stale \\(another config, needs --force\\): 1");
    }

    @Test
    void estimateUsesTheCostTableAndMeasuredMarkers() throws IOException {
        Path run = tmp.resolve("run");
        String[] args = {"estimate", "--gpus", "2", "--costs", COSTS.toString(), "--out", run.toString(),
                "--categories", "1,2,3", "--set", "generate.width=1024", "--set", "generate.height=1024",
                "--set", "generate.steps=28"};

        assertThat(Unosynth.execute(args)).as(stderr()).isZero();
        // 3 categories x 2 pairs, 28 steps at 0.2536 s: 7.1008 s per pair, 6 pairs = 42.6 s = 0.0118 GPU-hours.
        assertThat(stdout()).contains("generate: at most 6 pairs (3 categories), 3 shards, 1024x1024, 28 steps")
                .contains("cost table: flux-dev on h100: 0.2536 s per step (table ../conf/gpu-costs.properties:")
                .contains("estimate from the cost table: 0.0 GPU-hours; wall clock 0.01-0.01 h on 2 GPUs (7.10 s per pair)")
                .contains("measured: no generate shard markers");

        out.reset();
        UnosynthConfig config = config(run, "1,2,3");
        writeMarker(run, GenerateJob.STAGE, "c0001-g000", GenerateJob.configHash(config), 2, 6000);
        writeMarker(run, GenerateJob.STAGE, "c0002-g000", GenerateJob.configHash(config), 2, 2000);
        assertThat(Unosynth.execute(args)).as(stderr()).isZero();
        assertThat(stdout()).contains("measured: 2.000 s per pair per task over 4 pairs in 2 generate shards")
                .contains("estimate from measured times: 0.0 GPU-hours; wall clock 0.00-0.00 h on 2 GPUs (2.00 s per pair)");
    }

    @Test
    void estimateErrorsNameTheGpuTheFileAndTheCount() {
        assertThat(Unosynth.execute("estimate", "--gpus", "1", "--gpu", "v100", "--costs", COSTS.toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("no entry for model 'flux-dev' on GPU 'v100'").contains("flux-dev/h100");

        assertThat(Unosynth.execute("estimate", "--gpus", "1", "--costs", tmp.resolve("c.properties").toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("Cannot read cost table " + tmp.resolve("c.properties") + ": no such file");

        assertThat(Unosynth.execute("estimate", "--gpus", "0", "--costs", COSTS.toString())).isEqualTo(2);
        assertThat(stderr()).contains("Invalid --gpus: 0");
    }

    private static UnosynthConfig config(Path run, String categories) {
        return UnosynthConfig.load(List.of(), List.of(new ConfigEntry("run.output", run.toString(), "test"),
                new ConfigEntry("taxonomy.categories", categories, "test")));
    }

    private static void writeMarker(Path run, String stage, String shard, String hash, long rows, long millis)
            throws IOException {
        ShardLayout layout = new ShardLayout(stage, "parquet");
        ShardStats stats = new ShardStats(stage, shard, rows, rows, Map.of(), millis, hash, "test", List.of(), "e",
                "a", layout.dataFileName(new ShardId(shard)), 1, "sha");
        Path marker = run.resolve(layout.markerFile(new ShardId(shard)));
        Files.createDirectories(marker.getParent());
        Files.write(marker, ShardProtocol.toJson(stats));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
