package io.unosynth.jobs.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PartScore;
import io.unosynth.jobs.parquet.ParquetColumns;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.example.data.Group;

/**
 * The Parquet columns of the score stage's verdicts table. Scores are null (missing) unless the status is
 * {@code scored}; the per-part scores are a JSON list of {@code {"part", "score"}} objects.
 */
public final class JudgeVerdictColumns {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final ParquetColumns<JudgeVerdict> COLUMNS = ParquetColumns.<JudgeVerdict>builder("verdict")
            .string("pair_id", JudgeVerdict::pairId)
            .int32("category_id", JudgeVerdict::categoryId)
            .string("category", JudgeVerdict::category)
            .string("status", v -> v.status().name().toLowerCase(Locale.ROOT))
            .string("judge_model", JudgeVerdict::judgeModel)
            .string("prompt_version", JudgeVerdict::promptVersion)
            .string("parts_json", v -> partsJson(v.parts()))
            .optionalFloat64("appearance", JudgeVerdict::appearance)
            .optionalFloat64("details", JudgeVerdict::details)
            .optionalFloat64("attributes", JudgeVerdict::attributes)
            .optionalFloat64("final_score", JudgeVerdict::finalScore)
            .string("parts_text", JudgeVerdict::partsText)
            .string("differences_text", JudgeVerdict::differencesText)
            .string("scores_text", JudgeVerdict::scoresText)
            .int64("latency_ms", JudgeVerdict::latencyMillis)
            .int64("prompt_tokens", JudgeVerdict::promptTokens)
            .int64("completion_tokens", JudgeVerdict::completionTokens)
            .int32("attempts", JudgeVerdict::attempts)
            .string("failure_reason", JudgeVerdict::failureReason)
            .bool("cached", JudgeVerdict::cached)
            .build();

    private JudgeVerdictColumns() {}

    public static JudgeVerdict fromGroup(Group g) {
        return new JudgeVerdict(g.getString("pair_id", 0), g.getInteger("category_id", 0), g.getString("category", 0),
                JudgeVerdict.Status.valueOf(g.getString("status", 0).toUpperCase(Locale.ROOT)),
                g.getString("judge_model", 0), g.getString("prompt_version", 0), parts(g.getString("parts_json", 0)),
                optional(g, "appearance"), optional(g, "details"), optional(g, "attributes"),
                optional(g, "final_score"), g.getString("parts_text", 0), g.getString("differences_text", 0),
                g.getString("scores_text", 0), g.getLong("latency_ms", 0), g.getLong("prompt_tokens", 0),
                g.getLong("completion_tokens", 0), g.getInteger("attempts", 0), g.getString("failure_reason", 0),
                g.getBoolean("cached", 0));
    }

    private static Double optional(Group g, String column) {
        return g.getFieldRepetitionCount(column) == 0 ? null : g.getDouble(column, 0);
    }

    public static String partsJson(List<PartScore> parts) {
        try {
            return JSON.writeValueAsString(parts);
        } catch (JsonProcessingException e) {
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot encode part scores: " + e, e);
        }
    }

    public static List<PartScore> parts(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<PartScore>>() {});
        } catch (JsonProcessingException e) {
            throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Invalid part scores '" + json + "': " + e, e);
        }
    }
}
