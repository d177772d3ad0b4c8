package io.unosynth.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.shard.RunCaches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --force} redoes a stage and keeps the run's model-call caches; only {@code --drop-caches} deletes them. */
class DropCachesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void forceKeepsTheCachesAndDropCachesDeletesThem() throws IOException {
        Path run = tmp.resolve("run");
        Path verdict = run.resolve(RunCaches.FOLDER).resolve("score").resolve("verdict.json");
        Files.createDirectories(verdict.getParent());
        Files.writeString(verdict, "{\"score\": 4.0}");

        assertThat(plan(run, "--force")).isZero();
        assertThat(run.resolve("plan/part-c0002-s000.parquet")).exists();
        assertThat(verdict).as("--force alone keeps the caches").hasContent("{\"score\": 4.0}");

        assertThat(plan(run, "--drop-caches")).isZero();
        assertThat(run.resolve(RunCaches.FOLDER)).doesNotExist();
        assertThat(run.resolve("plan/part-c0002-s000.parquet")).as("the stage's data stays").exists();
    }

    private static int plan(Path run, String flag) {
        return Unosynth.execute("plan", "--master", "local[1]", "--out", run.toString(), "--categories", "2", flag,
                "--set", "plan.subjects-per-category=2", "--set", "plan.scenes-per-subject=1");
    }
}
