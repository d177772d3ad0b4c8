package io.unosynth.core.export;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PartScore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A UNO-1M-like table as JSON lines, one pair per line:
 * {@code {"img_path1", "img_path2", "caption": {"img_path1", "img_path2", "judgment", "subject": [..]},
 * "vlm_filter_cot": {"score_part": {part: score, ..}, "score_final": 0-4}}}, image paths relative to the file.
 * {@code judgment} is the judge's part-by-part description of the differences (turn 2). An unscored pair (when
 * the select config lets them through) has an empty {@code score_part} and {@code score_final: null}.
 */
public final class Uno1mJsonLines {
    public static final String FILE_NAME = "uno_1m.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Uno1mJsonLines() {}

    /** One line; small, so the driver can collect them. */
    public record Row(String pairId, String imagePath1, String imagePath2, String caption1, String caption2,
            String judgment, List<String> subjects, List<PartScore> partScores, Double finalScore)
            implements Serializable {
        public Row {
            requireNonNull(pairId, "pairId is null");
            requireNonNull(imagePath1, "imagePath1 is null");
            requireNonNull(imagePath2, "imagePath2 is null");
            requireNonNull(caption1, "caption1 is null");
            requireNonNull(caption2, "caption2 is null");
            requireNonNull(judgment, "judgment is null");
            subjects = List.copyOf(subjects);
            partScores = List.copyOf(partScores);
        }
    }

    public static Row row(ExportPair pair) {
        JudgeVerdict verdict = pair.verdict();
        return new Row(pair.pairId(), pair.referencePath(), pair.targetPath(), pair.pair().subject(),
                pair.targetCaption(), verdict.differencesText(), List.of(pair.pair().subject()), verdict.parts(),
                verdict.finalScore());
    }

    /**
     * Writes one JSON object per line (UTF-8, {@code \n}); leaves {@code out} open.
     *
     * @throws ValidationException if a pair id comes twice
     */
    public static void write(Iterable<Row> rows, OutputStream out) throws IOException {
        Set<String> seen = new HashSet<>();
        for (Row row : rows) {
            ValidationException.check(seen.add(row.pairId()), PipelineErrorCode.INVALID_INPUT,
                    "Cannot export pair %s twice to %s", row.pairId(), FILE_NAME);
            try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.writeStartObject();
                json.writeStringField("img_path1", row.imagePath1());
                json.writeStringField("img_path2", row.imagePath2());
                json.writeObjectFieldStart("caption");
                json.writeStringField("img_path1", row.caption1());
                json.writeStringField("img_path2", row.caption2());
                json.writeStringField("judgment", row.judgment());
                json.writeArrayFieldStart("subject");
                for (String subject : row.subjects()) {
                    json.writeString(subject);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeObjectFieldStart("vlm_filter_cot");
                json.writeObjectFieldStart("score_part");
                for (PartScore part : row.partScores()) {
                    json.writeNumberField(part.part(), part.score());
                }
                json.writeEndObject();
                if (row.finalScore() == null) {
                    json.writeNullField("score_final");
                } else {
                    json.writeNumberField("score_final", row.finalScore());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            out.write('\n');
        }
    }
}
