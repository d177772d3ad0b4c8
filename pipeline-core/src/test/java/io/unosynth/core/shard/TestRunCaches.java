package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRunCaches {
    @TempDir
    Path root;

    @Test
    void dropDeletesTheCachesAndNothingElse() throws IOException {
        StageStorage storage = new LocalStageStorage(root);
        byte[] verdict = "{}".getBytes(StandardCharsets.UTF_8);
        storage.writeWhole(RunCaches.FOLDER + "/score/pair-1.json", RunCaches.FOLDER + "/score/_staging-1", verdict);
        storage.writeWhole("score/part-c0001-g000.parquet", "score/_staging-2", verdict);

        RunCaches.drop(storage);

        assertThat(storage.exists(RunCaches.FOLDER)).as("the cache folder").isFalse();
        assertThat(storage.exists("score/part-c0001-g000.parquet")).as("a stage's data").isTrue();
        RunCaches.drop(storage);
        assertThat(storage.exists(RunCaches.FOLDER)).as("dropping no caches is fine").isFalse();
    }
}
