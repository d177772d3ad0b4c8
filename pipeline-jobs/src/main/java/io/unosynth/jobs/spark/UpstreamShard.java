package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * A finished shard of an upstream stage, as the input of a downstream shard with the same id: the later stages
 * (filter, score, select, export) keep the generate stage's sharding, so each reads exactly one upstream file.
 *
 * @param file the data file's fully qualified location
 */
public record UpstreamShard(String stage, String shard, String file) implements Serializable {
    public UpstreamShard {
        requireNonNull(stage, "stage is null");
        requireNonNull(shard, "shard is null");
        requireNonNull(file, "file is null");
    }

    /** One task per finished shard of {@code stage} (those with a marker), in shard order. */
    public static List<ShardTask<UpstreamShard>> of(StageStorage storage, String stage) {
        ShardLayout layout = new ShardLayout(stage, "parquet");
        List<ShardStats> markers;
        try {
            markers = new ShardProtocol(layout, "", "").readMarkers(storage);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot list the shards of stage '" + stage + "' in " + storage.describe() + ": " + e, e);
        }
        if (markers.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot run: stage '" + stage
                    + "' has no finished shards in " + storage.describe() + " (run `unosynth " + stage + "` first)");
        }
        return markers.stream()
                .map(stats -> new ShardTask<>(new ShardId(stats.shard()), new UpstreamShard(stage, stats.shard(),
                        storage.describe() + "/" + stage + "/" + stats.dataFile())))
                .toList();
    }
}
