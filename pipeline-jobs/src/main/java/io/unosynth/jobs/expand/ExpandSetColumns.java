package io.unosynth.jobs.expand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.MultiSubjectExport;
import io.unosynth.core.expand.PixelBox;
import io.unosynth.jobs.parquet.ParquetColumns;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Row;

/**
 * The Parquet columns of the expand stage (the multi-subject training set): ids, text, N, the extra subjects'
 * labels / boxes ({@code [[x0, y0, x1, y1], ..]}) / scores / similarities as JSON arrays, the target PNG and four
 * reference slots {@code ref1_png .. ref4_png} (the original first; slots past N are empty).
 */
public final class ExpandSetColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The columns the driver reads to write the training files. */
    public static final List<String> TEXT = List.of("set_id", "source_pair_id", "n", "prompt", "subject", "labels");

    public static final ParquetColumns<ExpandSet> COLUMNS = build();

    private ExpandSetColumns() {}

    private static ParquetColumns<ExpandSet> build() {
        ParquetColumns.Builder<ExpandSet> builder = ParquetColumns.<ExpandSet>builder("expand_set")
                .string("set_id", ExpandSet::setId)
                .string("source_pair_id", ExpandSet::sourcePairId)
                .int32("category_id", ExpandSet::categoryId)
                .string("category", ExpandSet::category)
                .string("subject", ExpandSet::subject)
                .string("prompt", ExpandSet::prompt)
                .string("reference_kind", ExpandSet::referenceKind)
                .int32("n", ExpandSet::n)
                .string("labels", s -> json(s.labels()))
                .string("boxes", s -> json(s.boxes().stream()
                        .map(b -> List.of(b.x0(), b.y0(), b.x1(), b.y1())).toList()))
                .string("scores", s -> json(s.scores()))
                .string("similarities", s -> json(s.similarities()))
                .int64("seed", ExpandSet::seed)
                .bytes("tgt_png", ExpandSet::targetPng)
                .int32("tgt_width", ExpandSet::targetWidth)
                .int32("tgt_height", ExpandSet::targetHeight);
        for (int i = 0; i < ExpandConfig.MAX_REFERENCES; i++) {
            int slot = i;
            builder.bytes("ref" + (i + 1) + "_png",
                    s -> slot < s.referencePngs().size() ? s.referencePngs().get(slot) : new byte[0]);
        }
        return builder.build();
    }

    public static ExpandSet fromGroup(Group g) {
        int n = g.getInteger("n", 0);
        List<byte[]> references = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            references.add(g.getBinary("ref" + (i + 1) + "_png", 0).getBytes());
        }
        List<List<Double>> boxes = parse(g.getString("boxes", 0), new TypeReference<>() {});
        return new ExpandSet(g.getString("set_id", 0), g.getString("source_pair_id", 0),
                g.getInteger("category_id", 0), g.getString("category", 0), g.getString("subject", 0),
                g.getString("prompt", 0), g.getString("reference_kind", 0), n,
                parse(g.getString("labels", 0), new TypeReference<List<String>>() {}),
                boxes.stream().map(b -> new PixelBox(b.get(0), b.get(1), b.get(2), b.get(3))).toList(),
                parse(g.getString("scores", 0), new TypeReference<List<Double>>() {}),
                parse(g.getString("similarities", 0), new TypeReference<List<Double>>() {}),
                g.getLong("seed", 0), g.getBinary("tgt_png", 0).getBytes(), g.getInteger("tgt_width", 0),
                g.getInteger("tgt_height", 0), references);
    }

    /** A full row, as Spark reads it. */
    public static ExpandSet fromRow(Row row) {
        int n = row.<Integer>getAs("n");
        List<byte[]> references = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            references.add(row.getAs("ref" + (i + 1) + "_png"));
        }
        List<List<Double>> boxes = parse(row.getAs("boxes"), new TypeReference<>() {});
        return new ExpandSet(row.getAs("set_id"), row.getAs("source_pair_id"), row.<Integer>getAs("category_id"),
                row.getAs("category"), row.getAs("subject"), row.getAs("prompt"), row.getAs("reference_kind"), n,
                parse(row.getAs("labels"), new TypeReference<List<String>>() {}),
                boxes.stream().map(b -> new PixelBox(b.get(0), b.get(1), b.get(2), b.get(3))).toList(),
                parse(row.getAs("scores"), new TypeReference<List<Double>>() {}),
                parse(row.getAs("similarities"), new TypeReference<List<Double>>() {}),
                row.<Long>getAs("seed"), row.getAs("tgt_png"), row.<Integer>getAs("tgt_width"),
                row.<Integer>getAs("tgt_height"), references);
    }

    /** A row of the {@link #TEXT} columns as the training files' entry. */
    public static MultiSubjectExport.Entry entryFromRow(Row row) {
        List<String> subjects = new ArrayList<>();
        subjects.add(row.getAs("subject"));
        subjects.addAll(parse(row.getAs("labels"), new TypeReference<List<String>>() {}));
        return new MultiSubjectExport.Entry(row.getAs("set_id"), row.getAs("source_pair_id"),
                row.<Integer>getAs("n"), row.getAs("prompt"), subjects);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid expand column value: " + text, e);
        }
    }
}
