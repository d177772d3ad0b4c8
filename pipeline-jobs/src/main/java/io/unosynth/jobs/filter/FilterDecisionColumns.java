package io.unosynth.jobs.filter;

import io.unosynth.core.filter.FilterDecision;
import io.unosynth.jobs.parquet.ParquetColumns;
import org.apache.parquet.example.data.Group;

/** The Parquet columns of the filter stage's decisions table (no images: it is keyed by pair id). */
public final class FilterDecisionColumns {
    public static final ParquetColumns<FilterDecision> COLUMNS = ParquetColumns.<FilterDecision>builder("decision")
            .string("pair_id", FilterDecision::pairId)
            .int32("category_id", FilterDecision::categoryId)
            .string("category", FilterDecision::category)
            .float64("similarity", FilterDecision::similarity)
            .bool("kept", FilterDecision::kept)
            .string("reason", FilterDecision::reason)
            .build();

    private FilterDecisionColumns() {}

    public static FilterDecision fromGroup(Group g) {
        return new FilterDecision(g.getString("pair_id", 0), g.getInteger("category_id", 0),
                g.getString("category", 0), g.getDouble("similarity", 0), g.getBoolean("kept", 0),
                g.getString("reason", 0));
    }
}
