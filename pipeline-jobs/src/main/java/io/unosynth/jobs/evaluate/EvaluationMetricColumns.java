package io.unosynth.jobs.evaluate;

import io.unosynth.core.evaluate.EvaluationMetricRow;
import io.unosynth.jobs.parquet.ParquetColumns;
import org.apache.parquet.example.data.Group;

/** The Parquet columns of the evaluate stage: one row per generated image (subject key, prompt, k). */
public final class EvaluationMetricColumns {
    public static final ParquetColumns<EvaluationMetricRow> COLUMNS =
            ParquetColumns.<EvaluationMetricRow>builder("evaluation")
                    .string("subjects", EvaluationMetricRow::subjects)
                    .string("prompt", EvaluationMetricRow::prompt)
                    .int32("k", EvaluationMetricRow::k)
                    .int64("seed", EvaluationMetricRow::seed)
                    .float64("dino", EvaluationMetricRow::dino)
                    .float64("clip_i", EvaluationMetricRow::clipI)
                    .float64("clip_t", EvaluationMetricRow::clipT)
                    .build();

    private EvaluationMetricColumns() {}

    public static EvaluationMetricRow fromGroup(Group g) {
        return new EvaluationMetricRow(g.getString("subjects", 0), g.getString("prompt", 0), g.getInteger("k", 0),
                g.getLong("seed", 0), g.getDouble("dino", 0), g.getDouble("clip_i", 0), g.getDouble("clip_t", 0));
    }
}
