package io.unosynth.core.judge;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.pair.PairRow;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One row of the score stage, keyed by pair id. Scores exist only when {@link Status#SCORED}; otherwise they are
 * null and {@code parts} is empty, so an unscored or failed pair can never be mistaken for a pair scored 0.
 *
 * @param judgeModel the judge's model name; empty when unscored
 * @param promptVersion {@link JudgePrompts#version()}; empty when unscored
 * @param parts per-part scores of the last turn; empty unless scored
 * @param appearance 0-4, null unless scored (likewise {@code details}, {@code attributes}, {@code finalScore})
 * @param partsText the judge's answer to turn 1 (the parts); {@code differencesText}, {@code scoresText} likewise
 * @param latencyMillis wall time of this pair's chat calls, retries and backoff included; 0 when cached or unscored
 * @param attempts HTTP requests sent for this pair: the client's retries and turns asked again included
 * @param failureReason why judging failed (the last counted reason); empty unless {@link Status#FAILED}
 * @param cached whether this verdict came from the judge cache (its latency and tokens were paid by an earlier run)
 */
public record JudgeVerdict(
        String pairId,
        int categoryId,
        String category,
        Status status,
        String judgeModel,
        String promptVersion,
        List<PartScore> parts,
        Double appearance,
        Double details,
        Double attributes,
        Double finalScore,
        String partsText,
        String differencesText,
        String scoresText,
        long latencyMillis,
        long promptTokens,
        long completionTokens,
        int attempts,
        String failureReason,
        boolean cached) implements Serializable {

    public JudgeVerdict {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(status, "status is null");
        requireNonNull(judgeModel, "judgeModel is null");
        requireNonNull(promptVersion, "promptVersion is null");
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
        requireNonNull(partsText, "partsText is null");
        requireNonNull(differencesText, "differencesText is null");
        requireNonNull(scoresText, "scoresText is null");
        requireNonNull(failureReason, "failureReason is null");
        boolean scored = status == Status.SCORED;
        boolean hasScores = appearance != null && details != null && attributes != null && finalScore != null
                && !parts.isEmpty();
        boolean noScores = appearance == null && details == null && attributes == null && finalScore == null
                && parts.isEmpty();
        checkArgument(scored ? hasScores : noScores, "Invalid verdict of pair %s: status %s %s scores", pairId,
                status, scored ? "without" : "with");
        if (scored) {
            new JudgeScores(parts, appearance, details, attributes, finalScore);
        }
        checkArgument((status == Status.FAILED) == !failureReason.isEmpty(),
                "Invalid verdict of pair %s: status %s with failure reason '%s'", pairId, status, failureReason);
    }

    public enum Status {
        /** The judge answered all three turns; scores are set. */
        SCORED,
        /** No judge is configured: the pair was not looked at. */
        UNSCORED,
        /** The judge was asked but gave no usable answer (endpoint failure or malformed answers). */
        FAILED
    }

    /** The texts of the three accepted answers. */
    public record Transcript(String parts, String differences, String scores) implements Serializable {
        public static final Transcript EMPTY = new Transcript("", "", "");

        public Transcript {
            requireNonNull(parts, "parts is null");
            requireNonNull(differences, "differences is null");
            requireNonNull(scores, "scores is null");
        }
    }

    /** What judging one pair cost. */
    public record Usage(long latencyMillis, long promptTokens, long completionTokens, int attempts)
            implements Serializable {
        public static final Usage NONE = new Usage(0, 0, 0, 0);

        public Usage plus(Usage other) {
            return new Usage(latencyMillis + other.latencyMillis, promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens, attempts + other.attempts);
        }
    }

    public static JudgeVerdict scored(PairRow pair, String judgeModel, String promptVersion, JudgeScores scores,
            Transcript transcript, Usage usage) {
        return new JudgeVerdict(pair.pairId(), pair.categoryId(), pair.category(), Status.SCORED, judgeModel,
                promptVersion, scores.parts(), scores.appearance(), scores.details(), scores.attributes(),
                scores.finalScore(), transcript.parts(), transcript.differences(), transcript.scores(),
                usage.latencyMillis(), usage.promptTokens(), usage.completionTokens(), usage.attempts(), "", false);
    }

    public static JudgeVerdict unscored(PairRow pair) {
        return new JudgeVerdict(pair.pairId(), pair.categoryId(), pair.category(), Status.UNSCORED, "", "",
                List.of(), null, null, null, null, "", "", "", 0, 0, 0, 0, "", false);
    }

    /** @param transcript the answers accepted before the failure, for diagnosis */
    public static JudgeVerdict failed(PairRow pair, String judgeModel, String promptVersion, String reason,
            Transcript transcript, Usage usage) {
        checkArgument(!reason.isEmpty(), "Invalid failure reason of pair %s: empty", pair.pairId());
        return new JudgeVerdict(pair.pairId(), pair.categoryId(), pair.category(), Status.FAILED, judgeModel,
                promptVersion, List.of(), null, null, null, null, transcript.parts(), transcript.differences(),
                transcript.scores(), usage.latencyMillis(), usage.promptTokens(), usage.completionTokens(),
                usage.attempts(), reason, false);
    }

    public Optional<JudgeScores> scores() {
        return status == Status.SCORED
                ? Optional.of(new JudgeScores(parts, appearance, details, attributes, finalScore))
                : Optional.empty();
    }

    /** The same verdict served from the cache. */
    public JudgeVerdict asCached() {
        return new JudgeVerdict(pairId, categoryId, category, status, judgeModel, promptVersion, parts, appearance,
                details, attributes, finalScore, partsText, differencesText, scoresText, latencyMillis,
                promptTokens, completionTokens, attempts, failureReason, true);
    }

    public JudgeKey key() {
        return new JudgeKey(pairId, judgeModel, promptVersion);
    }
}
