package io.unosynth.jobs.export;

import io.unosynth.core.export.ExportRow;
import io.unosynth.jobs.parquet.ParquetColumns;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Row;

/**
 * The Parquet columns of the exported training set ({@code export/part-<shard>.parquet}). Paths are relative to the
 * export folder; per-part scores are a JSON list of {@code {"part", "score"}}; {@code final_score} is missing unless
 * the pair was scored.
 */
public final class ExportRowColumns {

    /** The text columns the driver reads to write the JSON files; never the images. */
    static final List<String> TEXT = List.of("pair_id", "category_id", "category", "prompt", "subject", "scene",
            "judge_status", "final_score", "ref_path", "tgt_path", "judgment", "parts_json");

    public static final ParquetColumns<ExportRow> COLUMNS = ParquetColumns.<ExportRow>builder("export_row")
            .string("pair_id", ExportRow::pairId)
            .int32("category_id", ExportRow::categoryId)
            .string("category", ExportRow::category)
            .string("prompt", ExportRow::prompt)
            .string("subject", ExportRow::subject)
            .string("scene", ExportRow::scene)
            .string("judge_status", ExportRow::judgeStatus)
            .optionalFloat64("final_score", ExportRow::finalScore)
            .string("ref_path", ExportRow::referencePath)
            .string("tgt_path", ExportRow::targetPath)
            .string("judgment", ExportRow::judgment)
            .string("parts_json", row -> JudgeVerdictColumns.partsJson(row.parts()))
            .bytes("ref_png", ExportRow::referencePng)
            .bytes("tgt_png", ExportRow::targetPng)
            .build();

    private ExportRowColumns() {}

    /** A whole row (images included) from an export part, as the encode stage reads it. */
    public static ExportRow fromGroup(Group g) {
        return new ExportRow(g.getString("pair_id", 0), g.getInteger("category_id", 0), g.getString("category", 0),
                g.getString("prompt", 0), g.getString("subject", 0), g.getString("scene", 0),
                g.getString("judge_status", 0),
                g.getFieldRepetitionCount("final_score") == 0 ? null : g.getDouble("final_score", 0),
                g.getString("ref_path", 0), g.getString("tgt_path", 0), g.getString("judgment", 0),
                JudgeVerdictColumns.parts(g.getString("parts_json", 0)), g.getBinary("ref_png", 0).getBytes(),
                g.getBinary("tgt_png", 0).getBytes());
    }

    /** The row's text from Spark, without its images (read from {@link #TEXT} only). */
    static ExportRow textFromRow(Row row) {
        return new ExportRow(row.getAs("pair_id"), row.<Integer>getAs("category_id"), row.getAs("category"),
                row.getAs("prompt"), row.getAs("subject"), row.getAs("scene"), row.getAs("judge_status"),
                row.getAs("final_score"), row.getAs("ref_path"), row.getAs("tgt_path"), row.getAs("judgment"),
                JudgeVerdictColumns.parts(row.getAs("parts_json")), new byte[0], new byte[0]);
    }

}
