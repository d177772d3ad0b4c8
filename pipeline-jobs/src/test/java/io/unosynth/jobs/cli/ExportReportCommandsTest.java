package io.unosynth.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The export and report subcommands are wired in (their jobs are tested in their packages). */
class ExportReportCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureOut() {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOut() {
        System.setOut(originalOut);
    }

    @Test
    void theTopLevelHelpListsBothStages() {
        assertThat(Unosynth.execute("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^\\s+export\\s")
                .containsPattern("(?m)^\\s+report\\s");
    }

    @Test
    void reportTakesASampleCountAndSharesTheRunOptions() {
        assertThat(Unosynth.execute("report", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--samples=N").contains("default: 24")
                .contains("--out");
    }
}
