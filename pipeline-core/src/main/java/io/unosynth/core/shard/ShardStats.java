package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param upstream what the shard was made from: for each upstream input ({@code stage/shard}, or an input key such
 *     as {@code plan-rows}) its data hash; a rerun whose inputs hash otherwise redoes the shard (empty in markers
 *     written before provenance was recorded)
 * @param retryable rows that failed for an external reason (endpoint down, timeout, 5xx); a shard with any is not
 *     final: a rerun redoes it, and cached model answers keep the retry to exactly those rows
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
        String dataSha256,
        Map<String, String> upstream,
        long retryable) implements Serializable {

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
        upstream = Collections.unmodifiableSortedMap(new TreeMap<>(upstream == null ? Map.of() : upstream));
    }

    /** A marker without provenance (fixtures, stages that read no upstream). */
    public ShardStats(String stage, String shard, long rowsIn, long rowsOut, Map<String, Long> failures,
            long durationMillis, String configHash, String codeVersion, List<String> models, String executorId,
            String attemptId, String dataFile, long dataBytes, String dataSha256) {
        this(stage, shard, rowsIn, rowsOut, failures, durationMillis, configHash, codeVersion, models, executorId,
                attemptId, dataFile, dataBytes, dataSha256, Map.of(), 0);
    }

    /** Whether a rerun keeps this shard: no row of it waits for a retry. */
    @JsonIgnore
    public boolean isFinal() {
        return retryable == 0;
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
