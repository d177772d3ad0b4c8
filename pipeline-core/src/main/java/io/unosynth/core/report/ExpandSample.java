package io.unosynth.core.report;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.PixelBox;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One multi-subject set in the report: the target's thumbnail with the target's size (the boxes are in its pixels,
 * drawn over the thumbnail), the references' thumbnails in order (the original first), and per extra subject its
 * label, box, detector score and, when regenerated, the crop-vs-regenerated similarity.
 *
 * @param targetThumbnail a {@code data:} URL ({@link Thumbnails}); each of {@code referenceThumbnails} likewise
 */
public record ExpandSample(String setId, String sourcePairId, String category, String subject,
        String referenceKind, int n, String targetThumbnail, int targetWidth, int targetHeight,
        List<String> referenceThumbnails, List<String> labels, List<PixelBox> boxes, List<Double> scores,
        List<Double> similarities) implements Serializable {
    public static final int REFERENCE_THUMBNAIL_SIDE = 96;

    public ExpandSample {
        requireNonNull(setId, "setId is null");
        requireNonNull(sourcePairId, "sourcePairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(referenceKind, "referenceKind is null");
        requireNonNull(targetThumbnail, "targetThumbnail is null");
        referenceThumbnails = List.copyOf(referenceThumbnails);
        labels = List.copyOf(labels);
        boxes = List.copyOf(boxes);
        scores = List.copyOf(scores);
        similarities = List.copyOf(similarities);
        checkArgument(targetWidth > 0 && targetHeight > 0, "Invalid target size of set %s: %sx%s", setId,
                targetWidth, targetHeight);
        checkArgument(referenceThumbnails.size() == n && labels.size() == n - 1 && boxes.size() == n - 1
                && scores.size() == n - 1 && (similarities.isEmpty() || similarities.size() == n - 1),
                "Invalid report sample of set %s: n=%s with %s references, %s labels, %s boxes, %s scores",
                setId, n, referenceThumbnails.size(), labels.size(), boxes.size(), scores.size());
    }

    public static ExpandSample of(ExpandSet set) {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < set.referencePngs().size(); i++) {
            references.add(Thumbnails.dataUrl(set.referencePngs().get(i), set.setId() + " reference " + (i + 1),
                    REFERENCE_THUMBNAIL_SIDE));
        }
        return new ExpandSample(set.setId(), set.sourcePairId(), set.category(), set.subject(),
                set.referenceKind(), set.n(),
                Thumbnails.dataUrl(set.targetPng(), set.setId() + " target", ReportSample.THUMBNAIL_SIDE),
                set.targetWidth(), set.targetHeight(), references, set.labels(), set.boxes(), set.scores(),
                set.similarities());
    }
}
