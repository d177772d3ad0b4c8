package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.pair.PairRow;
import java.io.Serializable;
import java.util.Optional;

/**
 * One pair in the report's grid: thumbnails and what the stages said about it.
 *
 * @param referenceThumbnail a {@code data:} URL ({@link Thumbnails}); {@code targetThumbnail} likewise
 * @param similarity the filter's similarity; null if the pair has no decision
 * @param status the judge's verdict status; null if the pair was not judged (filtered out)
 * @param finalScore null unless scored
 * @param reasoning the judge's answers (parts, differences, scores), empty unless judged
 * @param failureReason why judging failed, empty unless it did
 */
public record ReportSample(String pairId, String category, String subject, String scene,
        String referenceThumbnail, String targetThumbnail, Double similarity, JudgeVerdict.Status status,
        Double finalScore, boolean selected, String reasoning, String failureReason) implements Serializable {
    public static final int THUMBNAIL_SIDE = 160;

    public ReportSample {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(scene, "scene is null");
        requireNonNull(referenceThumbnail, "referenceThumbnail is null");
        requireNonNull(targetThumbnail, "targetThumbnail is null");
        requireNonNull(reasoning, "reasoning is null");
        requireNonNull(failureReason, "failureReason is null");
    }

    public static ReportSample of(PairRow pair, Optional<FilterDecision> decision, Optional<JudgeVerdict> verdict,
            boolean selected) {
        return new ReportSample(pair.pairId(), pair.category(), pair.subject(), pair.scene(),
                Thumbnails.dataUrl(pair.referencePng(), pair.pairId() + " reference", THUMBNAIL_SIDE),
                Thumbnails.dataUrl(pair.targetPng(), pair.pairId() + " target", THUMBNAIL_SIDE),
                decision.map(FilterDecision::similarity).orElse(null),
                verdict.map(JudgeVerdict::status).orElse(null),
                verdict.map(JudgeVerdict::finalScore).orElse(null), selected,
                verdict.map(ReportSample::reasoning).orElse(""),
                verdict.map(JudgeVerdict::failureReason).orElse(""));
    }

    /** The judge's three answers, as it gave them, one turn after the other. */
    static String reasoning(JudgeVerdict verdict) {
        StringBuilder text = new StringBuilder();
        appendTurn(text, "Parts", verdict.partsText());
        appendTurn(text, "Differences", verdict.differencesText());
        appendTurn(text, "Scores", verdict.scoresText());
        return text.toString();
    }

    private static void appendTurn(StringBuilder text, String turn, String answer) {
        if (!answer.isBlank()) {
            text.append(text.isEmpty() ? "" : "\n\n").append(turn).append(":\n").append(answer.strip());
        }
    }
}
