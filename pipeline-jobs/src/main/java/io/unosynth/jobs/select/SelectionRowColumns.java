package io.unosynth.jobs.select;

import io.unosynth.core.select.SelectionRow;
import io.unosynth.jobs.parquet.ParquetColumns;
import org.apache.parquet.example.data.Group;

/** The Parquet columns of the select stage's table: the funnel of every generated pair. */
public final class SelectionRowColumns {
    public static final ParquetColumns<SelectionRow> COLUMNS = ParquetColumns.<SelectionRow>builder("selection")
            .string("pair_id", SelectionRow::pairId)
            .int32("category_id", SelectionRow::categoryId)
            .string("category", SelectionRow::category)
            .float64("similarity", SelectionRow::similarity)
            .bool("passed_filter", SelectionRow::passedFilter)
            .string("judge_status", SelectionRow::judgeStatus)
            .optionalFloat64("final_score", SelectionRow::finalScore)
            .bool("selected", SelectionRow::selected)
            .build();

    private SelectionRowColumns() {}

    public static SelectionRow fromGroup(Group g) {
        return new SelectionRow(g.getString("pair_id", 0), g.getInteger("category_id", 0), g.getString("category", 0),
                g.getDouble("similarity", 0), g.getBoolean("passed_filter", 0), g.getString("judge_status", 0),
                g.getFieldRepetitionCount("final_score") == 0 ? null : g.getDouble("final_score", 0),
                g.getBoolean("selected", 0));
    }
}
