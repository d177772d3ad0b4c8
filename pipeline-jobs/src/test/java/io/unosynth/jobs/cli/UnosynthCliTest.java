package io.unosynth.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.jobs.export.SmallRun;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.StageGraph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI rejects bad configuration with a message naming key and origin, before any Spark work. */
class UnosynthCliTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void captureErr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void aBadValueInAFileNamesKeyFileAndLineAndStartsNoSpark() throws IOException {
        Path conf = tmp.resolve("bad.properties");
        Files.writeString(conf, "# comment\nplan.scenes-per-subject = many\n");
        // Other test classes in this JVM may have a session already; the CLI must neither start nor stop one.
        var sessionBefore = SparkSession.getActiveSession();

        int exit = Unosynth.execute("plan", "--conf", conf.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("Invalid config key 'plan.scenes-per-subject' (" + conf + ":2)")
                .contains("found 'many'");
        assertThat(SparkSession.getActiveSession()).isEqualTo(sessionBefore);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingModelIsOneLineOnTheTerminalAndTheTraceIsInTheRunLog() throws Exception {
        Path run = tmp.resolve("run");
        SmallRun.write(run);
        Path missing = tmp.resolve("no-such-dinov2");

        // The launcher's logging (bin/unosynth), its console writing to the captured stderr.
        Configurator.reconfigure(Path.of("../conf/log4j2.properties").toAbsolutePath().toUri());
        int exit;
        try {
            exit = Unosynth.execute("filter", "--master", "local[1]", "--out", run.toString(), "--categories", "11",
                    "--force", "--set", "models.dino.location=" + missing);
        } finally {
            Configurator.reconfigure();
        }

        assertThat(exit).isEqualTo(2);
        List<String> lines = stderr().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("unosynth: Cannot run stage 'filter': Cannot load model 'dino': "
                + "no file or directory at " + missing + "; check models.dino.location").contains("(details: ");
        Path log = Path.of(lines.get(0).replaceAll(".*\\(details: (.*)\\)$", "$1"));
        assertThat(log.getParent()).isEqualTo(run.resolve("_logs"));
        String logged = Files.readString(log);
        assertThat(logged).contains("The run failed: ").contains("\tat io.unosynth.")
                .contains("Cannot load model 'dino'")
                // Spark's own account of the failed task is there too, not on the terminal.
                .contains("org.apache.spark.scheduler.TaskSetManager");
    }

    @Test
    void anUnknownModelNameIsAnErrorBeforeSpark() {
        var sessionBefore = SparkSession.getActiveSession();

        int exit = Unosynth.execute("generate", "--set", "models.fluxx.location=/models/flux",
                "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("Invalid config: unknown model 'fluxx' (keys models.fluxx.*)")
                .contains("flux").contains("filter.embedder-model");
        assertThat(SparkSession.getActiveSession()).isEqualTo(sessionBefore);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aLocalModelWhoseChecksumDoesNotMatchIsAnErrorBeforeSpark() throws IOException {
        Path model = tmp.resolve("dino.onnx");
        Files.write(model, new byte[] {1, 2, 3});
        String wrong = "0".repeat(64);

        int exit = Unosynth.execute("filter", "--set", "models.dino.location=" + model,
                "--set", "models.dino.checksum=sha256:" + wrong, "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("Invalid model 'dino' at " + model + ": checksum mismatch, expected sha256 "
                + wrong + " (models.dino.checksum), found "
                + "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void runBindsAJobToEveryDeclaredStage() {
        assertThat(StageGraph.UNO.bind(RunCommand.RUNNERS)).hasSize(StageGraph.UNO.stages().size());
    }

    @Test
    void scoreSetsIsACommandOfItsOwn() {
        java.io.StringWriter help = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(new Unosynth());
        commandLine.setOut(new java.io.PrintWriter(help, true));
        assertThat(commandLine.execute("score-sets", "--help")).isZero();
        assertThat(help.toString()).contains("every reference of expand's multi-subject sets");
    }

    @Test
    void exitCodesFollowTheErrorCategoryAlsoWhenSparkWrapsTheFailure() {
        PipelineException external = new PipelineException(PipelineErrorCode.ENDPOINT_FAILURE, "judge down");
        assertThat(Unosynth.exitCode(new RuntimeException("Job aborted", external))).isEqualTo(3);
        assertThat(Unosynth.exitCode(new PipelineException(PipelineErrorCode.INVALID_CONFIG, "x"))).isEqualTo(2);
        assertThat(Unosynth.exitCode(new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "x"))).isEqualTo(3);
        assertThat(Unosynth.exitCode(new PipelineException(PipelineErrorCode.GPU_OUT_OF_MEMORY, "x"))).isEqualTo(4);
        assertThat(Unosynth.exitCode(new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "x"))).isEqualTo(70);
        assertThat(Unosynth.exitCode(new IllegalStateException("invariant"))).as("a bug, not the user's").isEqualTo(70);
        assertThat(Unosynth.exitCode(new IllegalArgumentException("Invalid verdict"))).isEqualTo(70);
        assertThat(Unosynth.exitCode(new OutOfMemoryError())).isEqualTo(4);
    }

    @Test
    void anUnknownKeySuggestsTheNearestOne() {
        int exit = Unosynth.execute("plan", "--set", "plan.subjects-per-categroy=5");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("Unknown config key 'plan.subjects-per-categroy' (--set)")
                .contains("did you mean 'plan.subjects-per-category'?");
    }

    @Test
    void aMissingConfigFileAndAnUnknownCategoryAreNamed() {
        assertThat(Unosynth.execute("run", "--conf", tmp.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(stderr()).contains("Cannot read config file " + tmp.resolve("nope.properties") + ": no such file");

        assertThat(Unosynth.execute("plan", "--categories", "1,Unicorn")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown category 'Unicorn' in taxonomy.categories");
    }

    @Test
    void theLlmBackendWithoutAnEndpointIsAConfigError() {
        assertThat(Unosynth.execute("plan", "--set", "plan.backend=llm")).isEqualTo(2);
        assertThat(stderr()).contains("llm.base-url").contains("llm.model");
    }

    @Test
    void laterSourcesWin() throws IOException {
        Path first = tmp.resolve("first.properties");
        Path second = tmp.resolve("second.properties");
        Files.writeString(first, "plan.scenes-per-subject = 0\n");
        Files.writeString(second, "plan.scenes-per-subject = -3\n");

        Unosynth.execute("plan", "--conf", first.toString(), "--conf", second.toString());
        assertThat(stderr()).as("the second file wins over the first").contains(second + ":1").doesNotContain(first.toString());

        err.reset();
        Unosynth.execute("plan", "--conf", first.toString(), "--set", "plan.scenes-per-subject=x");
        assertThat(stderr()).as("--set wins over files").contains("(--set)").contains("found 'x'");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
