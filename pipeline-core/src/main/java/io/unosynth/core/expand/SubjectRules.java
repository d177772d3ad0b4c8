package io.unosynth.core.expand;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ExpandConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which detections become extra subjects, in this order: score above {@code expand.min-score}; the pair's own
 * subject (its best-scoring detection under one of its own names) and every box overlapping it at IoU {@code >=
 * expand.subject-iou} are out; the box must cover {@code [min-area-fraction, max-area-fraction]} of the image with
 * an aspect of at most {@code max-aspect}; non-maximum suppression across labels at {@code nms-iou}; the best
 * {@code max-subjects - 1} remain. Ties in score keep the detector's order. Pure.
 */
public record SubjectRules(ExpandConfig config) implements Serializable {
    public static final String NO_DETECTION = "no_detection";
    public static final String ONLY_SUBJECT = "only_subject";
    public static final String NO_BOX_WITHIN_RULES = "no_box_within_rules";

    public SubjectRules {
        requireNonNull(config, "config is null");
    }

    /**
     * @param chosen the extra subjects, best first; empty exactly when {@code reason} is present
     * @param subjectBox the pair's own subject as detected, if it was
     * @param detected detections above the minimum score
     */
    public record Choice(List<Candidate> chosen, Optional<PixelBox> subjectBox, int detected, Optional<String> reason) {
        public Choice {
            chosen = List.copyOf(chosen);
        }

        static Choice none(String reason, Optional<PixelBox> subjectBox, int detected) {
            return new Choice(List.of(), subjectBox, detected, Optional.of(reason));
        }
    }

    public Choice choose(List<Candidate> detections, Set<String> subjectLabels, int width, int height) {
        List<Candidate> above = new ArrayList<>();
        for (Candidate candidate : detections) {
            if (candidate.score() > config.minScore()) {
                above.add(candidate);
            }
        }
        // List.sort is stable: equal scores keep the detector's order.
        above.sort(Comparator.comparingDouble(Candidate::score).reversed());
        if (above.isEmpty()) {
            return Choice.none(NO_DETECTION, Optional.empty(), 0);
        }
        Optional<PixelBox> subject = above.stream().filter(c -> subjectLabels.contains(c.label())).findFirst()
                .map(Candidate::box);
        List<Candidate> others = above.stream()
                .filter(c -> subject.isEmpty() || c.box().iou(subject.get()) < config.subjectIou())
                .toList();
        if (others.isEmpty()) {
            return Choice.none(ONLY_SUBJECT, subject, above.size());
        }
        double imageArea = (double) width * height;
        List<Candidate> shaped = others.stream().filter(c -> {
            double fraction = c.box().area() / imageArea;
            return fraction >= config.minAreaFraction() && fraction <= config.maxAreaFraction()
                    && c.box().aspect() <= config.maxAspect();
        }).toList();
        if (shaped.isEmpty()) {
            return Choice.none(NO_BOX_WITHIN_RULES, subject, above.size());
        }
        List<Candidate> kept = new ArrayList<>();
        for (Candidate candidate : shaped) {
            if (kept.size() == config.maxSubjects() - 1) {
                break;
            }
            if (kept.stream().allMatch(k -> k.box().iou(candidate.box()) < config.nmsIou())) {
                kept.add(candidate);
            }
        }
        return new Choice(kept, subject, above.size(), Optional.empty());
    }
}
