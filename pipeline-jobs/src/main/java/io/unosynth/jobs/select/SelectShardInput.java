package io.unosynth.jobs.select;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** One select shard joins the decisions of its filter shard with the verdicts of its score shard. */
public record SelectShardInput(String decisionsFile, String verdictsFile) implements Serializable {
    public SelectShardInput {
        requireNonNull(decisionsFile, "decisionsFile is null");
        requireNonNull(verdictsFile, "verdictsFile is null");
    }
}
