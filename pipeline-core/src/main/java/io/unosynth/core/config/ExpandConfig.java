package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.util.List;

/**
 * The expand stage: multi-subject sets from selected single-subject pairs (UNO Stage II data). Another subject is
 * detected in the target with the open-vocabulary detector, cropped with a margin, and (by default) regenerated as a
 * clean reference with the subject-to-image model; the crop-vs-regenerated DINOv2 cosine must fall in a band.
 *
 * <p>Defaults: {@code max-subjects = 2} (the paper's N); {@code min-score = 0.1} (OWLv2's usual threshold); a chosen
 * box covers {@code [0.02, 0.5]} of the target (smaller crops regenerate badly, larger ones are the scene) with an
 * aspect of at most 4; a box overlapping the pair's own subject's box at IoU {@code >= 0.3} is that subject;
 * boxes of any label suppress each other at IoU {@code >= 0.5}. Crops get 10 % of the box side on every side,
 * clamped to the image, and at least 32 px. A regenerated reference is kept when {@code 0.4 <= cosine <= 0.98}:
 * below, it is not the cropped object; above, it copies the crop (background included).
 *
 * @param reference {@code regenerate} (the paper) or {@code crop} (its ablation: crops as references)
 * @param vocabulary detector queries added to the taxonomy names the scene text mentions
 * @param size side of a regenerated reference (a multiple of 16)
 * @param taskGpus GPUs each expand task asks for on a cluster (a Spark stage-level resource profile; ignored in
 *     local mode); 0 = none
 */
public record ExpandConfig(int maxSubjects, double minScore, double minAreaFraction, double maxAreaFraction,
        double maxAspect, double subjectIou, double nmsIou, List<String> vocabulary, double cropMargin,
        int minCropSide, ReferenceKind reference, String s2iModel, String detectorModel, String embedderModel,
        int size, int steps, double guidance, double similarityLow, double similarityHigh,
        String promptTemplateFile, double taskGpus) implements Serializable {

    /** Where each extra reference comes from. */
    public enum ReferenceKind { REGENERATE, CROP }

    public static final int MAX_REFERENCES = 4;
    public static final String MAX_SUBJECTS = "expand.max-subjects";
    public static final int MAX_SUBJECTS_DEFAULT = 2;
    public static final String MIN_SCORE = "expand.min-score";
    public static final double MIN_SCORE_DEFAULT = 0.1;
    public static final String MIN_AREA_FRACTION = "expand.min-area-fraction";
    public static final double MIN_AREA_FRACTION_DEFAULT = 0.02;
    public static final String MAX_AREA_FRACTION = "expand.max-area-fraction";
    public static final double MAX_AREA_FRACTION_DEFAULT = 0.5;
    public static final String MAX_ASPECT = "expand.max-aspect";
    public static final double MAX_ASPECT_DEFAULT = 4.0;
    public static final String SUBJECT_IOU = "expand.subject-iou";
    public static final double SUBJECT_IOU_DEFAULT = 0.3;
    public static final String NMS_IOU = "expand.nms-iou";
    public static final double NMS_IOU_DEFAULT = 0.5;
    public static final String VOCABULARY = "expand.vocabulary";
    public static final List<String> VOCABULARY_DEFAULT = List.of();
    public static final String CROP_MARGIN = "expand.crop-margin";
    public static final double CROP_MARGIN_DEFAULT = 0.1;
    public static final String MIN_CROP_SIDE = "expand.min-crop-side";
    public static final int MIN_CROP_SIDE_DEFAULT = 32;
    public static final String REFERENCE = "expand.reference";
    public static final ReferenceKind REFERENCE_DEFAULT = ReferenceKind.REGENERATE;
    public static final String S2I_MODEL = "expand.s2i-model";
    public static final String S2I_MODEL_DEFAULT = "s2i";
    public static final String DETECTOR_MODEL = "expand.detector-model";
    public static final String DETECTOR_MODEL_DEFAULT = "owl";
    public static final String EMBEDDER_MODEL = "expand.embedder-model";
    public static final String EMBEDDER_MODEL_DEFAULT = "dino";
    public static final String SIZE = "expand.size";
    public static final int SIZE_DEFAULT = 512;
    public static final String STEPS = "expand.steps";
    public static final int STEPS_DEFAULT = 25;
    public static final String GUIDANCE = "expand.guidance";
    public static final double GUIDANCE_DEFAULT = 4.0;
    public static final String SIMILARITY_LOW = "expand.similarity-low";
    public static final double SIMILARITY_LOW_DEFAULT = 0.4;
    public static final String SIMILARITY_HIGH = "expand.similarity-high";
    public static final double SIMILARITY_HIGH_DEFAULT = 0.98;
    public static final String PROMPT_TEMPLATE_FILE = "expand.prompt-template-file";
    public static final String PROMPT_TEMPLATE_FILE_DEFAULT = "";
    public static final String TASK_GPUS = "expand.task-gpus";
    public static final double TASK_GPUS_DEFAULT = 0;

    public ExpandConfig {
        vocabulary = List.copyOf(vocabulary);
        requireNonNull(reference, "reference is null");
        requireNonNull(s2iModel, "s2iModel is null");
        requireNonNull(detectorModel, "detectorModel is null");
        requireNonNull(embedderModel, "embedderModel is null");
        requireNonNull(promptTemplateFile, "promptTemplateFile is null");
        ValidationException.check(maxSubjects >= 2 && maxSubjects <= MAX_REFERENCES, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must be in [2, %s]", MAX_SUBJECTS, maxSubjects, MAX_REFERENCES);
        ValidationException.check(minAreaFraction <= maxAreaFraction, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must not exceed %s (%s)", MIN_AREA_FRACTION, minAreaFraction,
                MAX_AREA_FRACTION, maxAreaFraction);
        ValidationException.check(similarityLow <= similarityHigh, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must not exceed %s (%s)", SIMILARITY_LOW, similarityLow, SIMILARITY_HIGH,
                similarityHigh);
        ValidationException.check(size % 16 == 0, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must be a multiple of 16", SIZE, size);
    }

    public static ExpandConfig defaults() {
        return from(new ConfigValues(List.of()));
    }

    public static ExpandConfig from(ConfigValues values) {
        return new ExpandConfig(
                values.intAtLeast(MAX_SUBJECTS, MAX_SUBJECTS_DEFAULT, 2),
                values.doubleIn(MIN_SCORE, MIN_SCORE_DEFAULT, 0.0, 0.999),
                values.doubleIn(MIN_AREA_FRACTION, MIN_AREA_FRACTION_DEFAULT, 0.0, 1.0),
                values.doubleIn(MAX_AREA_FRACTION, MAX_AREA_FRACTION_DEFAULT, 0.0, 1.0),
                values.doubleIn(MAX_ASPECT, MAX_ASPECT_DEFAULT, 1.0, 1000.0),
                values.doubleIn(SUBJECT_IOU, SUBJECT_IOU_DEFAULT, 0.0, 1.0),
                values.doubleIn(NMS_IOU, NMS_IOU_DEFAULT, 0.0, 1.0),
                values.list(VOCABULARY, VOCABULARY_DEFAULT),
                values.doubleIn(CROP_MARGIN, CROP_MARGIN_DEFAULT, 0.0, 1.0),
                values.intAtLeast(MIN_CROP_SIDE, MIN_CROP_SIDE_DEFAULT, 1),
                values.enumValue(REFERENCE, ReferenceKind.class, REFERENCE_DEFAULT),
                modelName(values, S2I_MODEL, S2I_MODEL_DEFAULT),
                modelName(values, DETECTOR_MODEL, DETECTOR_MODEL_DEFAULT),
                modelName(values, EMBEDDER_MODEL, EMBEDDER_MODEL_DEFAULT),
                values.intAtLeast(SIZE, SIZE_DEFAULT, 16),
                values.intAtLeast(STEPS, STEPS_DEFAULT, 1),
                values.doubleIn(GUIDANCE, GUIDANCE_DEFAULT, 0.0, 100.0),
                values.doubleIn(SIMILARITY_LOW, SIMILARITY_LOW_DEFAULT, -1.0, 1.0),
                values.doubleIn(SIMILARITY_HIGH, SIMILARITY_HIGH_DEFAULT, -1.0, 1.0),
                values.string(PROMPT_TEMPLATE_FILE, PROMPT_TEMPLATE_FILE_DEFAULT).strip(),
                values.doubleIn(TASK_GPUS, TASK_GPUS_DEFAULT, 0, 64));
    }

    private static String modelName(ConfigValues values, String key, String defaultValue) {
        String name = values.string(key, defaultValue).strip();
        if (name.isEmpty()) {
            throw values.invalid(key, "expected a model name");
        }
        return name;
    }
}
