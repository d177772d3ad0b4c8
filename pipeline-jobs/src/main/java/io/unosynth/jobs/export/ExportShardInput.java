package io.unosynth.jobs.export;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;

/**
 * What one export shard reads, all with the shard's id: its select shard (which pairs), the generate shard (their
 * images and text) and, when the score stage wrote one, the score shard (their verdicts).
 *
 * @param selectionFile fully qualified location of {@code select/part-<shard>.parquet}
 * @param pairsFile fully qualified location of {@code generate/part-<shard>.parquet}
 * @param verdictsFile fully qualified location of {@code score/part-<shard>.parquet}; empty when absent
 */
public record ExportShardInput(String selectionFile, String pairsFile, String verdictsFile) implements Serializable {
    public ExportShardInput {
        requireNonNull(selectionFile, "selectionFile is null");
        requireNonNull(pairsFile, "pairsFile is null");
        requireNonNull(verdictsFile, "verdictsFile is null");
    }

    public Optional<String> verdicts() {
        return verdictsFile.isEmpty() ? Optional.empty() : Optional.of(verdictsFile);
    }
}
