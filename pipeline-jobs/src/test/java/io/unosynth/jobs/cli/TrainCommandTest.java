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

/** `unosynth train` binds train.* keys as the trainer's and every other key as the stages', before any work. */
class TrainCommandTest {
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
    void anUnknownTrainKeyIsAUserErrorNamingIt() {
        int exit = Unosynth.execute("train", "--stage", "1", "--set", "train.lora-rnak=8", "--out",
                tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("train.lora-rnak");
    }

    @Test
    void withoutAnEncodeStageItSaysWhatToRunFirst() {
        int exit = Unosynth.execute("train", "--stage", "1", "--conf", "../conf/train.properties", "--set",
                "encode.resolution=256", "--out", tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run `unosynth encode` first");
    }

    @Test
    void encodeAndRunEncodeExist() {
        int exit = Unosynth.execute("encode", "--set", "encode.resolution=100", "--out", tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("encode.resolution");
        err.reset();
        exit = Unosynth.execute("run", "--encode", "--set", "encode.resolution=100", "--out",
                tmp.resolve("o").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("encode.resolution").doesNotContain("Unknown option");
    }
}
