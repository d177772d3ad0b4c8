package io.unosynth.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.jobs.encode.EncodeJob;
import io.unosynth.jobs.encode.EncodeJobTest;
import io.unosynth.jobs.encode.EncodedRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.train.TrainingLog;
import io.unosynth.core.train.TrainingStep;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.report.ReportContext;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.RandomBase;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import io.unosynth.trainer.serve.DitModelDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encode -> train --stage 1 on the demo models' encodings of the small run's export (three pairs, one reference
 * each), with the demo's seeded random miniature base: a few LoRA steps, checkpoints, the final LoRA, and a rerun
 * that resumes and makes no extra step.
 */
class TrainJobTest {
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

    private static TrainConfig train() {
        return TrainConfig.from(ConfigValues.of(Map.of("train.lora-rank", "4", "train.learning-rate", "1e-3",
                "train.warmup-steps", "1", "train.max-steps", "2", "train.checkpoint-steps", "1")));
    }

    private void encode() throws Exception {
        SmallRun.write(root);
        ExportJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root), false, quiet());
        EncodeJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root, "encode.resolution", "128"), false,
                quiet());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }

    @Test
    void stageOneTrainsAndCheckpointsARerunResumesWithoutStepsAndStageTwoStartsFromItsLora() throws Exception {
        encode();
        UnosynthConfig config = SmallRun.config(root);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        TrainJob.Result first = TrainJob.run(config, train(), 1, new Configuration(),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(first.firstStep()).isZero();
        assertThat(first.lastStep()).isEqualTo(2);
        assertThat(first.pairs()).isEqualTo(SmallRun.SELECTED.size());
        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("DEMO: a seeded RANDOM miniature DiT").contains("[train] step 2/2");
        Path stage = root.resolve("train/stage-1");
        assertThat(stage.resolve("checkpoint-1/trainer_state.json")).exists();
        assertThat(stage.resolve("checkpoint-2/dit_lora.safetensors")).exists();
        byte[] lora = Files.readAllBytes(stage.resolve(TrainJob.LORA_FILE));
        assertThat(lora).isEqualTo(Files.readAllBytes(stage.resolve("checkpoint-2/dit_lora.safetensors")));
        try (SafetensorsFile file = SafetensorsFile.open(stage.resolve(TrainJob.LORA_FILE))) {
            assertThat(file.entries().keySet()).contains("double_blocks.0.processor.qkv_lora1.down.weight")
                    .allMatch(key -> key.contains("_lora"));
            assertThat(file.entry("double_blocks.0.processor.qkv_lora1.down.weight").shape()[0]).isEqualTo(4);
        }
        try (SafetensorsFile base = SafetensorsFile.open(root.resolve("train/" + TrainJob.DEMO_BASE_FILE))) {
            assertThat(base.metadata()).containsEntry(RandomBase.METADATA_KEY, RandomBase.METADATA_VALUE);
        }

        // The servable model: a dit backend location (descriptor, the same LoRA, the base by absolute URI) that
        // expand's subject-to-image model runs, with the crops as UnoPE references.
        Path model = stage.resolve(TrainJob.MODEL_DIRECTORY);
        assertThat(first.model()).isEqualTo(root.resolve("train/stage-1/model").toString())
                .isEqualTo(TrainJob.modelDirectory(root.toString(), 1));
        assertThat(Files.readAllBytes(model.resolve(TrainJob.LORA_FILE))).isEqualTo(lora);
        DitModelDescriptor descriptor = DitModelDescriptor.read(model.resolve(DitModelDescriptor.FILE_NAME));
        assertThat(descriptor.base()).isEqualTo(root.resolve("train/" + TrainJob.DEMO_BASE_FILE).toUri().toString()
                .replace("file:///", "file:/"));
        assertThat(descriptor.lora()).isEqualTo(TrainJob.LORA_FILE);
        assertThat(descriptor.loraRank()).isEqualTo(4);
        ByteArrayOutputStream expandConsole = new ByteArrayOutputStream();
        StageSummary expanded = ExpandJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root,
                "models.s2i.backend", "dit", "models.s2i.location", model.toString(), "expand.size", "32",
                "expand.steps", "2", "expand.min-score", "0.0", "expand.min-area-fraction", "0",
                "expand.similarity-low", "-1", "expand.similarity-high", "1"), false,
                new PrintStream(expandConsole, true, StandardCharsets.UTF_8));
        assertThat(expanded.models()).anyMatch(m -> m.startsWith("s2i=" + model + "@"));
        assertThat(expandConsole.toString(StandardCharsets.UTF_8)).containsPattern("-> [1-9][0-9]* references made");
        assertThat(expanded.rowsOut()).as("sets with DiT-regenerated references").isPositive();

        // ... and generate renders diptychs with it as models.flux (forced: the small run's pairs are fixtures).
        StageSummary generated = GenerateJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root,
                "models.flux.backend", "dit", "models.flux.location", model.toString(), "generate.width", "64",
                "generate.height", "32", "generate.steps", "2"), true, quiet());
        assertThat(generated.models()).anyMatch(m -> m.contains("flux=" + model + "@"));
        assertThat(generated.rowsOut()).isPositive();
        assertThat(generated.failures()).isEmpty();

        // The step log, and the report's loss curve and step times from it.
        TrainingLog log = TrainingLog.fromCsv(Files.readAllBytes(stage.resolve(TrainingLog.FILE_NAME)), "steps.csv");
        assertThat(log.steps()).extracting(TrainingStep::step).containsExactly(1L, 2L);
        assertThat(log.steps()).allMatch(step -> Double.isFinite(step.loss()) && step.seconds() > 0);
        ReportJob.run(spark, SmallRun.storage(spark, root), config, 0, ReportContext.of(Map.of()), quiet());
        assertThat(Files.readString(root.resolve("report/index.html"))).contains("<section id=\"train\">")
                .contains("<td class=\"count\">1-2</td>").contains("aria-label=\"stage 1 loss\"")
                .contains("aria-label=\"stage 1 step time\"");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        TrainJob.Result rerun = TrainJob.run(config, train(), 1, new Configuration(),
                new PrintStream(again, true, StandardCharsets.UTF_8));

        assertThat(rerun.firstStep()).isEqualTo(2);
        assertThat(rerun.lastStep()).isEqualTo(2);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("resumed from").doesNotContain("[train] step ");
        assertThat(Files.readAllBytes(stage.resolve(TrainJob.LORA_FILE))).isEqualTo(lora);
        assertThat(TrainingLog.fromCsv(Files.readAllBytes(stage.resolve(TrainingLog.FILE_NAME)), "steps.csv"))
                .as("a rerun without steps keeps the log").isEqualTo(log);

        // Stage II: the same pairs with their reference twice, as a two-reference shard (encoding expand's sets is
        // not built). One step at learning rate 0 (warmup) leaves the LoRA it starts from: Stage I's, byte for byte.
        List<EncodedRow> twoReferences = new ArrayList<>();
        for (EncodedRow row : EncodeJobTest.rows(root)) {
            twoReferences.add(new EncodedRow(row.pairId() + "-m", row.prompt(), row.bucketWidth(),
                    row.bucketHeight(), row.target(), List.of(row.references().get(0), row.references().get(0)),
                    row.t5(), row.clip()));
        }
        new ShardProtocol(new ShardLayout(EncodeJob.STAGE, "parquet"), "two-references-fixture", "test").execute(
                new LocalStageStorage(root), new ShardId("multi-000"), TaskAttempt.local(),
                new ParquetRowFormat<>(EncodedRowColumns.COLUMNS, CompressionCodecName.UNCOMPRESSED),
                emitter -> twoReferences.forEach(emitter::emit));
        ByteArrayOutputStream stageTwo = new ByteArrayOutputStream();
        // Stage II in bf16 (train.precision): the demo base held in bf16 through the job; its one step has
        // learning rate 0 (warmup), so the LoRA stays the Stage I one byte for byte in either precision.
        TrainConfig oneStep = TrainConfig.from(ConfigValues.of(Map.of("train.lora-rank", "4",
                "train.warmup-steps", "1", "train.max-steps", "1", "train.precision", "bf16")));

        TrainJob.Result second = TrainJob.run(config, oneStep, 2, new Configuration(),
                new PrintStream(stageTwo, true, StandardCharsets.UTF_8));

        assertThat(second.pairs()).isEqualTo(SmallRun.SELECTED.size());
        assertThat(stageTwo.toString(StandardCharsets.UTF_8)).contains("stage 2 starts from the Stage I LoRA");
        assertThat(Files.readAllBytes(root.resolve("train/stage-2/" + TrainJob.LORA_FILE))).isEqualTo(lora);
    }

    @Test
    void stageTwoNeedsMultiSubjectEncodingsAndTrainingNeedsAnEncodeStage() throws Exception {
        UnosynthConfig config = SmallRun.config(root);
        assertThatThrownBy(() -> TrainJob.run(config, train(), 1, new Configuration(), quiet()))
                .hasMessageContaining("run `unosynth encode` first");
        encode();
        assertThatThrownBy(() -> TrainJob.run(config, train(), 2, new Configuration(), quiet()))
                .hasMessageContaining("no encoded pair with 2-4 reference(s)");
        assertThatThrownBy(() -> TrainJob.run(config, train(), 3, new Configuration(), quiet()))
                .hasMessageContaining("Invalid --stage 3");
    }

    /** train.devices reaches the trainer: two replicas on the CPU train; a GPU this machine lacks is refused. */
    @Test
    void trainRunsOnTheListedDevices() throws Exception {
        encode();
        UnosynthConfig config = SmallRun.config(root);
        TrainConfig twoReplicas = TrainConfig.from(ConfigValues.of(Map.of("train.lora-rank", "4",
                "train.warmup-steps", "0", "train.max-steps", "1", "train.gradient-accumulation-steps", "2",
                "train.devices", "cpu,cpu")));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        TrainJob.Result result = TrainJob.run(config, twoReplicas, 1, new Configuration(),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(result.lastStep()).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[train] train.devices [cpu(), cpu()]: 2 replica(s)");
        int gpus = ai.djl.engine.Engine.getInstance().getGpuCount();
        TrainConfig missingGpu = TrainConfig.from(ConfigValues.of(Map.of("train.devices", "gpu" + gpus)));
        assertThatThrownBy(() -> TrainJob.run(config, missingGpu, 1, new Configuration(), quiet()))
                .hasMessageContaining("Invalid train.devices: gpu" + gpus);
    }
}
