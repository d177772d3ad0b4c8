package io.unosynth.runtime.contracts.owl;

import io.unosynth.core.error.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * OWLv2 outputs of one image to detections. Each predicted box takes its best-scoring query as label (as Hugging
 * Face's {@code post_process_object_detection}); it is kept when sigmoid(logit) exceeds the threshold. Boxes come as
 * (cx, cy, w, h) normalised to the padded square, whose side is the original's longer side, so
 * {@code x = value * side}; corners are clamped to the original image. Sorted by score, highest first. Pure.
 */
public final class OwlPostprocessor {
    private OwlPostprocessor() {}

    /**
     * @param logits {@code [boxes, queries]} of one image
     * @param boxes {@code [boxes, 4]} of one image
     */
    public static List<Detection> detections(float[] logits, float[] boxes, List<String> queries, int width,
            int height, float threshold) {
        int queryCount = queries.size();
        Preconditions.checkArgument(queryCount > 0 && logits.length % queryCount == 0,
                "Invalid logits: %s values for %s queries", logits.length, queryCount);
        int boxCount = logits.length / queryCount;
        Preconditions.checkArgument(boxes.length == boxCount * 4, "Invalid boxes: %s values for %s boxes",
                boxes.length, boxCount);
        float side = Math.max(width, height);
        List<Detection> detections = new ArrayList<>();
        for (int p = 0; p < boxCount; p++) {
            int best = 0;
            for (int q = 1; q < queryCount; q++) {
                if (logits[p * queryCount + q] > logits[p * queryCount + best]) {
                    best = q;
                }
            }
            float score = sigmoid(logits[p * queryCount + best]);
            if (score > threshold) {
                detections.add(new Detection(queries.get(best), best, score, toPixels(boxes, p, side, width,
                        height)));
            }
        }
        detections.sort(Comparator.comparingDouble(Detection::score).reversed());
        return detections;
    }

    /** Box {@code index} of {@code [boxes, 4]} (cx, cy, w, h on the unit square) in original pixels. */
    static Box toPixels(float[] boxes, int index, float side, int width, int height) {
        float cx = boxes[index * 4];
        float cy = boxes[index * 4 + 1];
        float w = boxes[index * 4 + 2];
        float h = boxes[index * 4 + 3];
        return new Box(clamp((cx - w / 2) * side, width), clamp((cy - h / 2) * side, height),
                clamp((cx + w / 2) * side, width), clamp((cy + h / 2) * side, height));
    }

    static float sigmoid(float logit) {
        return (float) (1 / (1 + Math.exp(-logit)));
    }

    private static float clamp(float value, int max) {
        return Math.max(0f, Math.min(max, value));
    }
}
