package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * Where a stage keeps its shards, relative to the run root:
 * <pre>
 *   {stage}/part-{shard}.{ext}                 data; the only files readers of the stage folder see
 *   {stage}/_shards/{shard}.json               stats marker, written after the data: the shard is done
 *   {stage}/_staging/{shard}-{attempt}.{ext}.inprogress   data being written (rename stores only)
 * </pre>
 * Spark, pyarrow and DuckDB ignore names starting with '_' (and the '.inprogress' suffix keeps '*.parquet' globs off
 * staging files), so a reader of the stage folder sees whole shards or nothing.
 */
public record ShardLayout(String stage, String extension) implements Serializable {
    public static final String MARKERS = "_shards";
    public static final String STAGING = "_staging";
    private static final String DATA_PREFIX = "part-";

    public ShardLayout {
        requireNonNull(stage, "stage is null");
        requireNonNull(extension, "extension is null");
    }

    public String dataFileName(ShardId shard) {
        return DATA_PREFIX + shard.value() + "." + extension;
    }

    public String dataFile(ShardId shard) {
        return stage + "/" + dataFileName(shard);
    }

    public String markerDirectory() {
        return stage + "/" + MARKERS;
    }

    public String markerFile(ShardId shard) {
        return markerDirectory() + "/" + shard.value() + ".json";
    }

    public String stagingFile(ShardId shard, String attempt, String extension) {
        return stage + "/" + STAGING + "/" + shard.value() + "-" + attempt + "." + extension + ".inprogress";
    }

    /** The shard a marker file name belongs to, if it is one. */
    public static Optional<ShardId> shardOfMarker(String fileName) {
        if (!fileName.endsWith(".json")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ShardId(fileName.substring(0, fileName.length() - ".json".length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
