package io.unosynth.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.jobs.encode.EncodeJob;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.RandomBase;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
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
                "train.warmup-steps", "1", "train.max-steps", "3", "train.checkpoint-steps", "2")));
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
    void stageOneTrainsWritesCheckpointsAndTheLoraAndARerunResumesWithoutExtraSteps() throws Exception {
        encode();
        UnosynthConfig config = SmallRun.config(root);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        TrainJob.Result first = TrainJob.run(config, train(), 1, new Configuration(),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(first.firstStep()).isZero();
        assertThat(first.lastStep()).isEqualTo(3);
        assertThat(first.pairs()).isEqualTo(SmallRun.SELECTED.size());
        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("DEMO: a seeded RANDOM miniature DiT").contains("[train] step 3/3");
        Path stage = root.resolve("train/stage-1");
        assertThat(stage.resolve("checkpoint-2/trainer_state.json")).exists();
        assertThat(stage.resolve("checkpoint-3/dit_lora.safetensors")).exists();
        byte[] lora = Files.readAllBytes(stage.resolve(TrainJob.LORA_FILE));
        assertThat(lora).isEqualTo(Files.readAllBytes(stage.resolve("checkpoint-3/dit_lora.safetensors")));
        try (SafetensorsFile file = SafetensorsFile.open(stage.resolve(TrainJob.LORA_FILE))) {
            assertThat(file.entries().keySet()).contains("double_blocks.0.processor.qkv_lora1.down.weight")
                    .allMatch(key -> key.contains("_lora"));
            assertThat(file.entry("double_blocks.0.processor.qkv_lora1.down.weight").shape()[0]).isEqualTo(4);
        }
        try (SafetensorsFile base = SafetensorsFile.open(root.resolve("train/" + TrainJob.DEMO_BASE_FILE))) {
            assertThat(base.metadata()).containsEntry(RandomBase.METADATA_KEY, RandomBase.METADATA_VALUE);
        }

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        TrainJob.Result rerun = TrainJob.run(config, train(), 1, new Configuration(),
                new PrintStream(again, true, StandardCharsets.UTF_8));

        assertThat(rerun.firstStep()).isEqualTo(3);
        assertThat(rerun.lastStep()).isEqualTo(3);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("resumed from").doesNotContain("[train] step ");
        assertThat(Files.readAllBytes(stage.resolve(TrainJob.LORA_FILE))).isEqualTo(lora);
    }

    @Test
    void stageTwoNeedsMultiSubjectEncodingsAndTrainingNeedsAnEncodeStage() throws Exception {
        UnosynthConfig config = SmallRun.config(root);
        assertThatThrownBy(() -> TrainJob.run(config, train(), 1, new Configuration(), quiet()))
                .hasMessageContaining("run `unosynth encode` first");
        encode();
        assertThatThrownBy(() -> TrainJob.run(config, train(), 2, new Configuration(), quiet()))
                .hasMessageContaining("no encoded pair with 2 reference(s)");
        assertThatThrownBy(() -> TrainJob.run(config, train(), 3, new Configuration(), quiet()))
                .hasMessageContaining("Invalid --stage 3");
    }
}
