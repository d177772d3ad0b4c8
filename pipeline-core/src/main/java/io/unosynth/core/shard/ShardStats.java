package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stats marker of a finished shard, written as JSON after its data. Its presence means "done".
 *
 * @param rowsIn inputs the shard consumed (categories, plan rows, pairs...)
 * @param rowsOut rows written to the data file
 * @param failures counts per failure reason (sorted), e.g. {@code llm_timeout: 2}
 * @param configHash hash of the stage's configuration; a rerun with another hash refuses to mix shards
 * @param models the models or endpoints used, with their ids or checksums
 * @param dataFile name of the data file, relative to the stage folder
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ShardStats(
        String stage,
        String shard,
        long rowsIn,
        long rowsOut,
        Map<String, Long> failures,
        long durationMillis,
        String configHash,
        String codeVersion,
        List<String> models,
        String executorId,
        String attemptId,
        String dataFile,
        long dataBytes,
        String dataSha256) implements Serializable {

    public ShardStats {
        requireNonNull(stage, "stage is null");
        requireNonNull(shard, "shard is null");
        failures = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(failures, "failures is null")));
        requireNonNull(configHash, "configHash is null");
        requireNonNull(codeVersion, "codeVersion is null");
        models = List.copyOf(models);
        requireNonNull(executorId, "executorId is null");
        requireNonNull(attemptId, "attemptId is null");
        requireNonNull(dataFile, "dataFile is null");
        requireNonNull(dataSha256, "dataSha256 is null");
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
