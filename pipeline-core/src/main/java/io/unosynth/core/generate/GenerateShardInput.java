package io.unosynth.core.generate;

import io.unosynth.core.plan.PlanRow;
import java.io.Serializable;
import java.util.List;

/**
 * The plan rows one generate shard renders, in order, and the plan rows that could not even be read (by reason),
 * which the shard counts as failures instead of losing them silently.
 */
public record GenerateShardInput(List<PlanRow> rows, List<String> rejectedRows) implements Serializable {
    public GenerateShardInput {
        rows = List.copyOf(rows);
        rejectedRows = List.copyOf(rejectedRows);
    }
}
