package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The one way a stage reads an upstream stage: through its markers, never by listing data files. Only committed
 * shards exist here (a marker is the commit), an unreadable marker is an error rather than a missing shard, and each
 * shard comes with its data hash, which the reading shard records as provenance ({@link ShardStats#upstream()}).
 */
public final class UpstreamMarkers {
    private final StageStorage storage;
    private final String stage;
    private final Map<String, ShardStats> byShard;

    private UpstreamMarkers(StageStorage storage, String stage, Map<String, ShardStats> byShard) {
        this.storage = storage;
        this.stage = stage;
        this.byShard = byShard;
    }

    /** Reads the markers of {@code stage}; a stage with none is an error telling which command makes it. */
    public static UpstreamMarkers read(StageStorage storage, String stage) {
        requireNonNull(storage, "storage is null");
        requireNonNull(stage, "stage is null");
        List<ShardStats> markers;
        try {
            markers = new ShardProtocol(new ShardLayout(stage, "parquet"), "", "").readMarkers(storage);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot list the shards of stage '" + stage + "' in " + storage.describe() + ": " + e, e);
        }
        if (markers.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot run: stage '" + stage
                    + "' has no finished shards in " + storage.describe() + " (run `unosynth " + stage + "` first)");
        }
        Map<String, ShardStats> byShard = new TreeMap<>();
        markers.forEach(stats -> byShard.put(stats.shard(), stats));
        return new UpstreamMarkers(storage, stage, byShard);
    }

    public String stage() {
        return stage;
    }

    /** Committed shards, in shard order. */
    public List<ShardStats> shards() {
        return List.copyOf(byShard.values());
    }

    public Optional<ShardStats> shard(ShardId id) {
        return Optional.ofNullable(byShard.get(id.value()));
    }

    /** The committed shard {@code id}, which a downstream shard needs: its absence is an error naming both. */
    public ShardStats require(ShardId id, String reader) {
        ShardStats stats = byShard.get(id.value());
        if (stats == null) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot run " + reader + " shard " + id
                    + ": stage '" + stage + "' has no finished shard " + id + " in " + storage.describe()
                    + " (run `unosynth " + stage + "` first)");
        }
        return stats;
    }

    /** The fully qualified location of a shard's data file. */
    public String file(ShardStats stats) {
        return storage.describe() + "/" + stage + "/" + stats.dataFile();
    }

    /** The provenance entry of reading {@code stats}: {@code stage/shard -> data hash}. */
    public static Map.Entry<String, String> provenance(ShardStats stats) {
        return Map.entry(stats.stage() + "/" + stats.shard(), stats.dataSha256());
    }

    /** Provenance of every shard matching {@code filter} (a stage reading several upstream shards per shard). */
    public Map<String, String> provenance(Predicate<ShardStats> filter) {
        Map<String, String> result = new LinkedHashMap<>();
        byShard.values().stream().filter(filter).map(UpstreamMarkers::provenance)
                .forEach(entry -> result.put(entry.getKey(), entry.getValue()));
        return result;
    }
}
