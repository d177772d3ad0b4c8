package io.unosynth.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void beforeAnyTaskHasItsModelsTheLineSaysSo() {
        assertThat(new ProgressLine("generate", 0, 12, 0, 0, 24, 0, 0, Duration.ofSeconds(14)).render())
                .isEqualTo("[generate] 0/12 shards | opening tasks: staging and loading models (14s)");
    }

    @Test
    void etaComesFromTheRowRateWhileTheFirstShardRuns() {
        assertThat(new ProgressLine("generate", 0, 2, 1, 10, 40, 1, 2, Duration.ofSeconds(20)).render())
                .isEqualTo("[generate] 1/3 shards (33.3%) | 10 rows of 40 | 0.50 rows/s | ETA 1m00s | 1 failures");
    }

    @Test
    void withoutAnExpectedTotalTheEtaWaitsForAFinishedShard() {
        assertThat(new ProgressLine("plan", 0, 4, 0, 7, -1, 0, 1, Duration.ofSeconds(7)).render()).contains("ETA ?");
        assertThat(new ProgressLine("plan", 1, 4, 0, 7, -1, 0, 1, Duration.ofSeconds(10)).render())
                .contains("ETA 30s");
    }

    @Test
    void aTerminalRedrawsOneLineAndAPipeGetsPlainLines() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ConsoleProgress inPlace = new ConsoleProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
        inPlace.update("a");
        inPlace.update("b");
        inPlace.finish("c");
        inPlace.println("done");
        String newline = System.lineSeparator();
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .isEqualTo("\ra\u001b[K\rb\u001b[K\rc\u001b[K" + newline + "done" + newline);

        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        ConsoleProgress plain = new ConsoleProgress(new PrintStream(pipe, true, StandardCharsets.UTF_8), false);
        plain.update("a");
        plain.finish("c");
        assertThat(pipe.toString(StandardCharsets.UTF_8).lines()).containsExactly("a", "c");
    }
}
