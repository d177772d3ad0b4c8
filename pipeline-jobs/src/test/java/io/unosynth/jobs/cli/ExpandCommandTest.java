package io.unosynth.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `unosynth expand` and `run --expand` exist and check the expand settings before Spark starts. */
class ExpandCommandTest {
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
    void expandRejectsABadSettingNamingTheKey() {
        int exit = Unosynth.execute("expand", "--set", "expand.max-subjects=5", "--out", tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expand.max-subjects");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void runTakesTheExpandFlag() {
        int exit = Unosynth.execute("run", "--expand", "--set", "expand.reference=copy", "--out",
                tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expand.reference").doesNotContain("Unknown option");
    }
}
