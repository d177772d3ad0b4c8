package io.unosynth.jobs.coevolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.coevolve.CoevolutionPlan;
import io.unosynth.core.coevolve.CoevolveConfig;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.evaluate.EvaluationSetFixture;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.jobs.cli.Unosynth;
import io.unosynth.jobs.encode.EncodedRowColumns;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.train.TrainJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unosynth coevolve --rounds 2} end to end on the demo models at miniature sizes (one category, two pairs),
 * through the CLI: the round layout, Stage II from the Stage I LoRA on the multi-subject sets only, the report, and
 * a loop killed (SIGKILL, a JVM of its own) in a training step and in expand, then rerun, that ends with the same LoRA
 * and metrics as an uninterrupted one.
 */
class CoevolveCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @TempDir
    Path tmp;

    @BeforeEach
    void captureOut() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOut() {
        System.setOut(originalOut);
    }

    private String[] args(Path output, String... extra) {
        Path set = Files.isDirectory(tmp.resolve("set")) ? tmp.resolve("set")
                : EvaluationSetFixture.copyTo(tmp.resolve("set"));
        List<String> args = new ArrayList<>(List.of("coevolve", "--rounds", "2", "--master", "local[2]",
                "--out", output.toString(), "--categories", "2"));
        for (String setting : List.of("plan.subjects-per-category=2", "plan.scenes-per-subject=1",
                "plan.subjects-per-shard=2", "generate.width=128", "generate.height=64", "generate.steps=2",
                "generate.pairs-per-shard=1", "filter.low=0.0", "filter.high=1.0", "select.include-unscored=true",
                "expand.size=32", "expand.steps=2", "expand.min-score=0.0", "expand.min-area-fraction=0",
                "expand.similarity-low=0.0", "expand.similarity-high=1", "expand.max-subjects=2",
                "encode.resolution=128", "evaluate.set=" + set, "evaluate.images-per-prompt=1",
                "evaluate.resolution=64", "evaluate.steps=2", "train.lora-rank=4", "train.learning-rate=1e-3",
                "train.warmup-steps=1", "train.max-steps=2", "train.checkpoint-steps=1")) {
            args.add("--set");
            args.add(setting);
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private String console() {
        String text = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return text;
    }

    @Test
    void dryRunListsEveryStepOfEveryRoundAndStartsNothing() {
        Path loop = tmp.resolve("loop");

        assertThat(Unosynth.execute(args(loop, "--dry-run"))).isZero();

        String text = console();
        assertThat(text.lines().filter(line -> line.matches("r[12]\\.\\S+ +pending .*"))).hasSize(26);
        assertThat(text).contains("r1.train-2").contains("no LoRA yet -> round-1/train/stage-2")
                .contains("r2.encode-sets").contains("0 shard(s) committed -> round-2/encode-sets")
                .contains("0 shard(s) committed -> round-1/score-sets");
        assertThat(loop).doesNotExist();
    }

    @Test
    void theModelEachStepIsHandedIsTheDirectoryTrainWrites() {
        CoevolutionPlan plan = new CoevolutionPlan("s3a://b/loop", 2, CoevolveConfig.defaults(), "flux", "s2i",
                "flux");
        for (int round = 1; round <= 2; round++) {
            for (int stage = 1; stage <= 2; stage++) {
                assertThat(plan.model(round, stage)).isEqualTo(TrainJob.modelDirectory("s3a://b/loop/round-" + round,
                        stage));
            }
        }
    }

    @Test
    void badOptionsAndSettingsStopTheCommandBeforeAnythingRuns() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Path loop = tmp.resolve("loop");
            assertThat(Unosynth.execute(args(loop, "--step", "r3.plan"))).isEqualTo(2);
            assertThat(Unosynth.execute(args(loop, "--force"))).isEqualTo(2);
            assertThat(Unosynth.execute(args(loop, "--set", "coevolve.model-dri=model"))).isEqualTo(2);
            assertThat(Unosynth.execute(args(loop, "--set", "evaluate.set="))).isEqualTo(2);
            // validate checks a coevolve command line as coevolve binds it: its train.* keys too.
            List<String> validate = new ArrayList<>(List.of("validate", "--skip-models", "--"));
            validate.addAll(List.of(args(loop, "--set", "train.lora-rnk=4")));
            assertThat(Unosynth.execute(validate.toArray(String[]::new))).isEqualTo(2);
            assertThat(loop).doesNotExist();
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Invalid step 'r3.plan'")
                .contains("Invalid option --force for coevolve").contains("coevolve.model-dri")
                .contains("needs an evaluation set (set evaluate.set)").contains("train.lora-rnk");
    }

    @Test
    void twoRoundsCompleteAndAnInterruptedLoopEndsTheSame() throws Exception {
        Path whole = tmp.resolve("whole");
        assertThat(Unosynth.execute(args(whole))).isZero();
        String text = console();

        for (String round : List.of("round-1", "round-2")) {
            for (String stage : List.of("plan", "generate", "filter", "score", "select", "export", "encode",
                    "expand", "score-sets", "encode-sets", "evaluate")) {
                assertThat(whole.resolve(round + "/" + stage + "/_shards")).as(round + "/" + stage)
                        .isNotEmptyDirectory();
            }
            assertThat(whole.resolve(round + "/train/stage-1/dit_lora.safetensors")).exists();
            assertThat(whole.resolve(round + "/train/stage-2/dit_lora.safetensors")).exists();
            assertThat(whole.resolve(round + "/evaluate/summary.json")).exists();
        }
        // Stage II reads the multi-subject sets only, and starts from its round's Stage I LoRA.
        List<EncodedRow> sets = rows(whole.resolve("round-1/encode-sets"));
        // Several references at 320/512 of encode.resolution (128 -> 80 px, latents 10 x 10), as UNO prepares them.
        assertThat(sets).isNotEmpty().allSatisfy(row -> assertThat(row.references()).hasSize(2)
                .allSatisfy(latent -> assertThat(latent.shape()).containsExactly(16, 10, 10)));
        // No judge in the loop: score-sets says so (once per round) and passes the sets as unscored.
        assertThat(text.lines().filter(line -> line.equals("[score-sets] " + PairJudge.UNCONFIGURED_NOTICE)))
                .hasSize(2);
        assertThat(text).contains("[train] stage 2: " + sets.size() + " pairs with 2-4 reference(s) {2="
                + sets.size() + "}")
                .contains("stage 2 starts from the Stage I LoRA " + whole.resolve("round-1/train/stage-1") + "/"
                        + "dit_lora.safetensors");
        // Models flow by URI: expand loads the round's Stage I model, round 2 generates with round 1's Stage II
        // model, and each round evaluates its own Stage II model (same seeds: other metrics, other model).
        assertThat(text).contains("s2i=" + whole.resolve("round-1/train/stage-1/model") + "@")
                .contains("s2i=" + whole.resolve("round-2/train/stage-1/model") + "@")
                .contains("flux=" + whole.resolve("round-1/train/stage-2/model") + "@");
        assertThat(whole.resolve("round-1/train/stage-2/model/dit.properties")).exists();
        assertThat(Files.readAllBytes(whole.resolve("round-2/evaluate/summary.json")))
                .isNotEqualTo(Files.readAllBytes(whole.resolve("round-1/evaluate/summary.json")));
        String report = Files.readString(whole.resolve("report/coevolution.html"));
        assertThat(report).contains("Funnel per round").contains("round 2").contains("encode-sets")
                .contains("Metrics per round").contains("<img alt=\"round 2\"").contains("round 2 stage 2 loss");

        // Interrupted: the data steps of round 1, then Stage I in a JVM of its own, killed (SIGKILL) as soon as its
        // first checkpoint is complete.
        Path interrupted = tmp.resolve("interrupted");
        assertThat(Unosynth.execute(args(interrupted, "--stop-after", "r1.encode"))).isZero();
        assertThat(console()).contains("stopped after r1.encode");
        killTrainingAfterFirstCheckpoint(interrupted);
        assertThat(interrupted.resolve("round-1/expand")).doesNotExist();

        assertThat(Unosynth.execute(args(interrupted, "--stop-after", "r1.train-1"))).isZero();
        assertThat(console()).contains("r1.generate done, skipped").contains("r1.train-1 (started)")
                .contains("resumed from").contains("stopped after r1.train-1");
        // Then expand in a JVM of its own on one core (its shards one after another), killed (SIGKILL) as soon as
        // its first shard is committed.
        Path expandShards = interrupted.resolve("round-1/expand/_shards");
        killStepWhen(interrupted, "r1.expand", () -> committedShards(expandShards) > 0, "its first shard");
        long committed = committedShards(expandShards);
        assertThat(interrupted.resolve("round-1/_coevolve/expand.json")).as("killed before expand ended")
                .doesNotExist();

        assertThat(Unosynth.execute(args(interrupted))).isZero();
        String rerun = console();
        assertThat(rerun).contains("r1.train-1 done, skipped").contains("r1.expand (started)");
        assertThat(rerun.lines().filter(line -> line.startsWith("[expand] starting")).findFirst().orElseThrow())
                .as("the committed expand shards are kept").contains("(" + committed + " already done)");

        for (String file : List.of("round-2/train/stage-2/dit_lora.safetensors", "round-1/train/stage-2/"
                + "dit_lora.safetensors", "round-2/evaluate/summary.json", "round-1/evaluate/summary.json")) {
            assertThat(Files.readAllBytes(interrupted.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
        assertThat(Unosynth.execute(args(interrupted, "--dry-run"))).isZero();
        assertThat(console().lines().filter(line -> line.matches("r[12]\\.\\S+ +done .*"))).hasSize(26);
    }

    /**
     * Runs step r1.train-1 of the loop at {@code loop} in a child JVM and kills it once {@code checkpoint-1} is
     * complete, before the step ends: its LoRA and finished-marker unwritten (it may be writing checkpoint 2, which
     * the rerun must then ignore).
     */
    private void killTrainingAfterFirstCheckpoint(Path loop) throws Exception {
        Path stage = loop.resolve("round-1/train/stage-1");
        killStepWhen(loop, "r1.train-1", () -> complete(stage.resolve("checkpoint-1/trainer_state.json")),
                "its first checkpoint");
        assertThat(stage.resolve(TrainJob.LORA_FILE)).as("killed before the end of training").doesNotExist();
        assertThat(loop.resolve("round-1/_coevolve/train-1.json")).doesNotExist();
    }

    /**
     * Runs {@code step} of the loop at {@code loop} in a child JVM (this JVM's options and classpath, Spark on one
     * core) and kills it with SIGKILL as soon as {@code ready} holds, before the step ends.
     */
    private void killStepWhen(Path loop, String step, BooleanSupplier ready, String what) throws Exception {
        Path log = tmp.resolve(step + "-child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Unosynth.class.getName()));
        command.addAll(List.of(args(loop, "--step", step)).stream()
                .map(arg -> arg.equals("local[2]") ? "local[1]" : arg).toList());
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!ready.getAsBoolean()) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("The " + step + " JVM ended or took over 180 s before " + what
                            + "; its log:\n" + Files.readString(log));
                }
                Thread.sleep(2);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            originalOut.printf("CoevolveCommandTest: the %s JVM was killed %d ms after its start%n", step,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            Files.readString(log).lines().filter(line -> line.startsWith("[")).forEach(originalOut::println);
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    }

    private static long committedShards(Path markers) {
        try (Stream<Path> files = Files.list(markers)) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        } catch (IOException e) {
            return 0; // the stage has not made its folder yet
        }
    }

    /** Whether a checkpoint's state file is whole (it is written last; the kill may land while it is written). */
    private static boolean complete(Path state) {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(state)).has("lora_rank");
        } catch (IOException e) {
            return false; // not there yet, or still being written
        }
    }

    private static List<EncodedRow> rows(Path stage) throws IOException {
        List<EncodedRow> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(stage)) {
            for (Path part : files.filter(file -> file.toString().endsWith(".parquet")).sorted().toList()) {
                try (ParquetShardReader<EncodedRow> reader = ParquetShardReader.open(part.toString(),
                        new Configuration(), EncodedRowColumns::fromGroup)) {
                    reader.forEach(rows::add);
                }
            }
        }
        return rows;
    }
}
