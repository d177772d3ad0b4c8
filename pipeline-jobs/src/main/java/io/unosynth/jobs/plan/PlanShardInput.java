package io.unosynth.jobs.plan;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.taxonomy.Category;
import java.io.Serializable;

/** What one plan shard needs: its category and its index among the category's shards. */
public record PlanShardInput(Category category, int shardIndex) implements Serializable {
    public PlanShardInput {
        requireNonNull(category, "category is null");
    }
}
