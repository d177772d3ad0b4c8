package io.unosynth.jobs.score;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** One score shard reads the pairs of its generate shard and the decisions of its filter shard. */
public record ScoreShardInput(String pairsFile, String decisionsFile) implements Serializable {
    public ScoreShardInput {
        requireNonNull(pairsFile, "pairsFile is null");
        requireNonNull(decisionsFile, "decisionsFile is null");
    }
}
