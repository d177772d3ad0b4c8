package io.unosynth.jobs.plan;

import io.unosynth.core.plan.PlanRow;
import io.unosynth.jobs.parquet.ParquetColumns;

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
}
