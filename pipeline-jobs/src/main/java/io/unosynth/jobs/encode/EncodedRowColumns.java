package io.unosynth.jobs.encode;

import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.encode.FloatArray;
import io.unosynth.jobs.parquet.ParquetColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;

/**
 * The Parquet columns of the encode stage ({@code encode/part-<shard>.parquet}): each array as little-endian
 * float32 bytes ({@code *_latent}, {@code t5}, {@code clip}) beside its shape ({@code *_shape}, e.g. {@code
 * "16,64,64"}); four reference slots {@code ref1 .. ref4}, those past {@code n_refs} empty.
 */
public final class EncodedRowColumns {
    public static final ParquetColumns<EncodedRow> COLUMNS = build();

    private EncodedRowColumns() {}

    private static ParquetColumns<EncodedRow> build() {
        ParquetColumns.Builder<EncodedRow> builder = ParquetColumns.<EncodedRow>builder("encoded_row")
                .string("pair_id", EncodedRow::pairId)
                .string("prompt", EncodedRow::prompt)
                .int32("bucket_width", EncodedRow::bucketWidth)
                .int32("bucket_height", EncodedRow::bucketHeight)
                .int32("n_refs", row -> row.references().size())
                .bytes("tgt_latent", row -> row.target().littleEndian())
                .string("tgt_shape", row -> row.target().shapeText());
        for (int i = 0; i < EncodedRow.MAX_REFERENCES; i++) {
            int slot = i;
            builder.bytes("ref" + (i + 1) + "_latent",
                    row -> slot < row.references().size() ? row.references().get(slot).littleEndian() : new byte[0]);
            builder.string("ref" + (i + 1) + "_shape",
                    row -> slot < row.references().size() ? row.references().get(slot).shapeText() : "");
        }
        return builder.bytes("t5", row -> row.t5().littleEndian())
                .string("t5_shape", row -> row.t5().shapeText())
                .bytes("clip", row -> row.clip().littleEndian())
                .string("clip_shape", row -> row.clip().shapeText())
                .build();
    }

    public static EncodedRow fromGroup(Group g) {
        String pairId = g.getString("pair_id", 0);
        List<FloatArray> references = new ArrayList<>();
        for (int i = 1; i <= g.getInteger("n_refs", 0); i++) {
            references.add(array(g, "ref" + i + "_latent", "ref" + i + "_shape", pairId));
        }
        return new EncodedRow(pairId, g.getString("prompt", 0), g.getInteger("bucket_width", 0),
                g.getInteger("bucket_height", 0), array(g, "tgt_latent", "tgt_shape", pairId), references,
                array(g, "t5", "t5_shape", pairId), array(g, "clip", "clip_shape", pairId));
    }

    private static FloatArray array(Group g, String values, String shape, String pairId) {
        return FloatArray.fromLittleEndian(g.getBinary(values, 0).getBytes(), g.getString(shape, 0),
                "column " + values + " of pair " + pairId);
    }
}
