package io.unosynth.core.expand;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-subject training set made from one selected pair: the pair's original target, and {@code n} references,
 * the pair's own reference first, then one per extra subject found in the target. The lists {@code labels},
 * {@code boxes} and {@code scores} describe the extra subjects, in reference order ({@code n - 1} each);
 * {@code similarities} holds the crop-vs-regenerated DINOv2 cosine of each, and is empty when the references are
 * the crops themselves ({@code referenceKind = crop}: nothing was regenerated, nothing measured).
 *
 * @param setId {@code <sourcePairId>-m}: one set per source pair
 * @param prompt the target's caption (as the single-subject export writes it)
 * @param seed the base seed of the regenerations
 */
public record ExpandSet(String setId, String sourcePairId, int categoryId, String category, String subject,
        String prompt, String referenceKind, int n, List<String> labels, List<PixelBox> boxes, List<Double> scores,
        List<Double> similarities, long seed, byte[] targetPng, int targetWidth, int targetHeight,
        List<byte[]> referencePngs) implements Serializable {
    public static final String SUFFIX = "-m";

    public ExpandSet {
        requireNonNull(setId, "setId is null");
        requireNonNull(sourcePairId, "sourcePairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(referenceKind, "referenceKind is null");
        requireNonNull(targetPng, "targetPng is null");
        labels = List.copyOf(labels);
        boxes = List.copyOf(boxes);
        scores = List.copyOf(scores);
        similarities = List.copyOf(similarities);
        referencePngs = List.copyOf(referencePngs);
        checkArgument(n >= 2 && referencePngs.size() == n && labels.size() == n - 1 && boxes.size() == n - 1
                && scores.size() == n - 1 && (similarities.isEmpty() || similarities.size() == n - 1),
                "Invalid multi-subject set %s: n=%s with %s references, %s labels, %s boxes, %s scores, %s similarities",
                setId, n, referencePngs.size(), labels.size(), boxes.size(), scores.size(), similarities.size());
    }

    /** Relative path of reference {@code index} (0 = the original) under the stage folder. */
    public static String referencePath(String setId, int index) {
        return "images/" + setId + "_ref" + (index + 1) + ".png";
    }

    public static String targetPath(String setId) {
        return "images/" + setId + "_tgt.png";
    }

    /** The id under which reference {@code index} (0 = the original) is judged against the target. */
    public static String referencePairId(String setId, int index) {
        return setId + "-ref" + (index + 1);
    }

    /**
     * The set as the judge sees it: one (reference, target) pair per reference, in reference order, with the
     * subject that reference shows (the pair's own subject first, then each extra subject's label, also as its
     * category) and the target's caption as the scene. Image sizes are left 0: the judge reads the PNGs only.
     */
    public List<PairRow> judgedPairs() {
        List<PairRow> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String shown = i == 0 ? subject : labels.get(i - 1);
            pairs.add(new PairRow(referencePairId(setId, i), sourcePairId, categoryId, i == 0 ? category : shown,
                    shown, prompt, prompt, Seeds.derive(seed, i), 0, 0, "", "", referencePngs.get(i), 0, 0,
                    targetPng, targetWidth, targetHeight));
        }
        return pairs;
    }
}
