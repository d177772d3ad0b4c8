package io.unosynth.core.expand;

import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * The seam to the open-vocabulary detector (OWLv2 in model-runtime). Implementations must be safe to call from
 * several threads.
 */
public interface SubjectDetector {
    /** Recorded in the stage's stats, e.g. {@code owl=sha256:ab12...}. */
    String modelId();

    /**
     * @param minScore detections scoring at most this are dropped
     * @return the detections of {@code queries} in {@code image}, boxes in its pixels, highest score first
     */
    List<Candidate> detect(RgbImage image, List<String> queries, double minScore);
}
