package io.unosynth.runtime.expand;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.expand.Candidate;
import io.unosynth.core.expand.PixelBox;
import io.unosynth.core.expand.SubjectDetector;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.owl.Box;
import io.unosynth.runtime.contracts.owl.Detection;
import io.unosynth.runtime.contracts.owl.OwlDetector;
import java.util.List;

/** The expand stage's detector: the OWLv2 contract, one image per call, boxes already in the image's pixels. */
public record OwlSubjectDetector(OwlDetector owl, String modelId) implements SubjectDetector {
    public OwlSubjectDetector {
        requireNonNull(owl, "owl is null");
        requireNonNull(modelId, "modelId is null");
    }

    @Override
    public List<Candidate> detect(RgbImage image, List<String> queries, double minScore) {
        List<Detection> detections = owl.detect(List.of(image), queries, (float) minScore).get(0);
        return detections.stream().map(OwlSubjectDetector::candidate).toList();
    }

    static Candidate candidate(Detection detection) {
        Box box = detection.box();
        return new Candidate(detection.query(), detection.score(), new PixelBox(box.x0(), box.y0(), box.x1(),
                box.y1()));
    }
}
