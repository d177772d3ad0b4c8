package io.unosynth.jobs.plan;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.jobs.parquet.ParquetColumns;
import org.apache.spark.sql.Row;

/** The Parquet columns of the plan dataset (snake_case, as pyarrow and DuckDB users expect). */
public final class PlanRowColumns {
    public static final ParquetColumns<PlanRow> COLUMNS = ParquetColumns.<PlanRow>builder("plan_row")
            .string("plan_id", PlanRow::planId)
            .int32("category_id", PlanRow::categoryId)
            .string("category", PlanRow::categoryName)
            .int32("subject_index", PlanRow::subjectIndex)
            .string("subject", PlanRow::subject)
            .int32("scene_index", PlanRow::sceneIndex)
            .string("scene", PlanRow::scene)
            .string("prompt", PlanRow::prompt)
            .int64("seed", PlanRow::seed)
            .string("backend", PlanRow::backend)
            .build();

    private PlanRowColumns() {}

    /**
     * Reads a plan row back from Spark; a row with a missing or mistyped column fails with the column and the plan id
     * named (the generate stage counts such rows instead of crashing).
     */
    public static PlanRow fromRow(Row row) {
        Object planId = row.getAs("plan_id");
        try {
            return new PlanRow(row.<String>getAs("plan_id"), row.<Integer>getAs("category_id"),
                    row.<String>getAs("category"), row.<Integer>getAs("subject_index"), row.<String>getAs("subject"),
                    row.<Integer>getAs("scene_index"), row.<String>getAs("scene"), row.<String>getAs("prompt"),
                    row.<Long>getAs("seed"), row.<String>getAs("backend"));
        } catch (RuntimeException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Invalid plan row " + planId + ": " + e.getMessage(), e);
        }
    }
}
