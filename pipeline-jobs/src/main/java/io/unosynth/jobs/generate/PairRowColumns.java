package io.unosynth.jobs.generate;

import io.unosynth.core.pair.PairRow;
import io.unosynth.jobs.parquet.ParquetColumns;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Row;

/** The Parquet columns of the pairs dataset: ids, text, sampler settings, models, and the two PNGs. */
public final class PairRowColumns {
    public static final ParquetColumns<PairRow> COLUMNS = ParquetColumns.<PairRow>builder("pair_row")
            .string("pair_id", PairRow::pairId)
            .string("plan_id", PairRow::planId)
            .int32("category_id", PairRow::categoryId)
            .string("category", PairRow::category)
            .string("subject", PairRow::subject)
            .string("scene", PairRow::scene)
            .string("prompt", PairRow::prompt)
            .int64("seed", PairRow::seed)
            .int32("steps", PairRow::steps)
            .float64("guidance", PairRow::guidance)
            .string("schedule", PairRow::schedule)
            .string("models", PairRow::models)
            .bytes("ref_png", PairRow::referencePng)
            .int32("ref_width", PairRow::referenceWidth)
            .int32("ref_height", PairRow::referenceHeight)
            .bytes("tgt_png", PairRow::targetPng)
            .int32("tgt_width", PairRow::targetWidth)
            .int32("tgt_height", PairRow::targetHeight)
            .build();

    private PairRowColumns() {}

    /** Reads a pair on an executor, from {@link io.unosynth.jobs.parquet.ParquetShardReader}. */
    public static PairRow fromGroup(Group g) {
        return new PairRow(g.getString("pair_id", 0), g.getString("plan_id", 0), g.getInteger("category_id", 0),
                g.getString("category", 0), g.getString("subject", 0), g.getString("scene", 0),
                g.getString("prompt", 0), g.getLong("seed", 0), g.getInteger("steps", 0), g.getDouble("guidance", 0),
                g.getString("schedule", 0), g.getString("models", 0), g.getBinary("ref_png", 0).getBytes(),
                g.getInteger("ref_width", 0), g.getInteger("ref_height", 0), g.getBinary("tgt_png", 0).getBytes(),
                g.getInteger("tgt_width", 0), g.getInteger("tgt_height", 0));
    }

    public static PairRow fromRow(Row row) {
        return new PairRow(row.getAs("pair_id"), row.getAs("plan_id"), row.<Integer>getAs("category_id"),
                row.getAs("category"), row.getAs("subject"), row.getAs("scene"), row.getAs("prompt"),
                row.<Long>getAs("seed"), row.<Integer>getAs("steps"), row.<Double>getAs("guidance"),
                row.getAs("schedule"), row.getAs("models"), row.getAs("ref_png"), row.<Integer>getAs("ref_width"),
                row.<Integer>getAs("ref_height"), row.getAs("tgt_png"), row.<Integer>getAs("tgt_width"),
                row.<Integer>getAs("tgt_height"));
    }
}
