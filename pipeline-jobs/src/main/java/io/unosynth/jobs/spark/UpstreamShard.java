package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.UpstreamMarkers;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

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

    public static UpstreamShard of(UpstreamMarkers upstream, ShardStats stats) {
        return new UpstreamShard(upstream.stage(), stats.shard(), upstream.file(stats));
    }

    /** One task per finished shard of {@code upstream} (those with a marker), in shard order, with provenance. */
    public static List<ShardTask<UpstreamShard>> of(UpstreamMarkers upstream) {
        return upstream.shards().stream()
                .map(stats -> new ShardTask<>(new ShardId(stats.shard()), of(upstream, stats),
                        Map.ofEntries(UpstreamMarkers.provenance(stats))))
                .toList();
    }
}
