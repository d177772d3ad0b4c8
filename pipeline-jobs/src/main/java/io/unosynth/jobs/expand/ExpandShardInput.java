package io.unosynth.jobs.expand;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * What one expand shard reads, both with the shard's id: its select shard (which pairs) and the generate shard
 * (their images and text).
 */
public record ExpandShardInput(String selectionFile, String pairsFile) implements Serializable {
    public ExpandShardInput {
        requireNonNull(selectionFile, "selectionFile is null");
        requireNonNull(pairsFile, "pairsFile is null");
    }
}
