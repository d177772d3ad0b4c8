package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestShardLayout {
    private static final ShardLayout LAYOUT = new ShardLayout("plan", "parquet");
    private static final ShardId SHARD = ShardId.ofCategory(12, 3);

    @Test
    void paths() {
        assertThat(LAYOUT.dataFileName(SHARD)).isEqualTo("part-c0012-s003.parquet");
        assertThat(LAYOUT.dataFile(SHARD)).isEqualTo("plan/part-c0012-s003.parquet");
        assertThat(LAYOUT.markerDirectory()).isEqualTo("plan/_shards");
        assertThat(LAYOUT.markerFile(SHARD)).isEqualTo("plan/_shards/c0012-s003.json");
        assertThat(LAYOUT.stagingFile(SHARD, "77-1", "parquet"))
                .isEqualTo("plan/_staging/c0012-s003-77-1.parquet.inprogress");
    }

    @Test
    void hiddenFromReadersOfTheStageFolder() {
        // Spark, pyarrow and DuckDB skip '_' names; the suffix keeps '*.parquet' globs off staging files.
        assertThat(LAYOUT.markerDirectory()).startsWith("plan/_");
        assertThat(LAYOUT.stagingFile(SHARD, "a", "parquet")).startsWith("plan/_").doesNotEndWith(".parquet");
        assertThat(LAYOUT.dataFileName(SHARD)).doesNotStartWith("_").doesNotStartWith(".");
    }

    @Test
    void shardOfMarker() {
        assertThat(ShardLayout.shardOfMarker("c0012-s003.json")).contains(SHARD);
        assertThat(ShardLayout.shardOfMarker("c0012-s003.json.inprogress")).isEmpty();
        assertThat(ShardLayout.shardOfMarker("README.txt")).isEmpty();
        assertThat(ShardLayout.shardOfMarker("Upper_Case.json")).isEmpty();
        assertThat(ShardLayout.shardOfMarker(".json")).isEqualTo(Optional.empty());
    }
}
