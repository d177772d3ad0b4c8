package io.unosynth.core.export;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.judge.PartScore;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One row of the exported training set: a selected pair's text, scores, image paths (relative to the export folder)
 * and both PNGs. The text columns are what {@link UnoTrainingJson} and {@link Uno1mJsonLines} say about the pair,
 * so the driver can write both files from the small columns alone ({@link #entry()}, {@link #uno1m()}).
 *
 * @param prompt the target's caption: UNO's training prompt
 * @param judgment the judge's description of the differences (turn 2); empty unless judged
 * @param parts per-part scores; empty unless scored
 * @param finalScore null unless scored
 */
public record ExportRow(String pairId, int categoryId, String category, String prompt, String subject, String scene,
        String judgeStatus, Double finalScore, String referencePath, String targetPath, String judgment,
        List<PartScore> parts, byte[] referencePng, byte[] targetPng) implements Serializable {
    public ExportRow {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(scene, "scene is null");
        requireNonNull(judgeStatus, "judgeStatus is null");
        requireNonNull(referencePath, "referencePath is null");
        requireNonNull(targetPath, "targetPath is null");
        requireNonNull(judgment, "judgment is null");
        parts = List.copyOf(parts);
        requireNonNull(referencePng, "referencePng is null");
        requireNonNull(targetPng, "targetPng is null");
    }

    /** The row of a selected pair, its text as the export formats define it. */
    public static ExportRow of(ExportPair pair) {
        UnoTrainingJson.Entry entry = UnoTrainingJson.entry(pair);
        Uno1mJsonLines.Row line = Uno1mJsonLines.row(pair);
        return new ExportRow(pair.pairId(), pair.pair().categoryId(), pair.pair().category(), entry.prompt(),
                pair.pair().subject(), pair.pair().scene(),
                pair.verdict().status().name().toLowerCase(Locale.ROOT), line.finalScore(),
                entry.imagePaths().get(0), entry.imageTargetPath(), line.judgment(), line.partScores(),
                pair.pair().referencePng(), pair.pair().targetPng());
    }

    public UnoTrainingJson.Entry entry() {
        return new UnoTrainingJson.Entry(pairId, prompt, List.of(referencePath), targetPath);
    }

    /** The UNO-1M line: the reference is captioned by the subject, the target by {@link #prompt}. */
    public Uno1mJsonLines.Row uno1m() {
        return new Uno1mJsonLines.Row(pairId, referencePath, targetPath, subject, prompt, judgment, List.of(subject),
                parts, finalScore);
    }
}
