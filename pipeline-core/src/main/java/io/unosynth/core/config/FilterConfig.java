package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;

/**
 * The filter stage: the band of DINOv2 cosine similarity between a pair's reference and target that is kept.
 *
 * <p>Defaults: {@code low = 0.5}. DINOv2 CLS embeddings of unrelated natural photos sit mostly below ~0.4, while the
 * same object instance in another scene, pose or light usually scores 0.5-0.8 (DreamBench's DINO metric, v1 ViT-S,
 * puts strong subject-driven methods at ~0.76, UNO included). So 0.5 drops diptychs whose halves are not the same
 * subject and keeps legitimate re-renderings; raise it for a stricter set. {@code high = 0.98}: above this the
 * target is a near pixel copy of the reference (no new scene), which teaches copy-paste.
 * A pair is kept when {@code low <= similarity <= high}; see {@link io.unosynth.core.filter.ConsistencyBand}.
 *
 * @param embedderModel the image embedder, by its model name ({@code models.<name>.*}; the built-in one is {@code dino})
 */
public record FilterConfig(double low, double high, String embedderModel) implements Serializable {
    public static final String LOW = "filter.low";
    public static final double LOW_DEFAULT = 0.5;
    public static final String HIGH = "filter.high";
    public static final double HIGH_DEFAULT = 0.98;
    public static final String EMBEDDER_MODEL = "filter.embedder-model";
    public static final String EMBEDDER_MODEL_DEFAULT = "dino";

    public FilterConfig {
        requireNonNull(embedderModel, "embedderModel is null");
        ValidationException.check(low <= high, PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must not exceed %s (%s)", LOW, low, HIGH, high);
    }

    public static FilterConfig from(ConfigValues values) {
        double low = values.doubleIn(LOW, LOW_DEFAULT, -1.0, 1.0);
        double high = values.doubleIn(HIGH, HIGH_DEFAULT, -1.0, 1.0);
        String embedder = values.string(EMBEDDER_MODEL, EMBEDDER_MODEL_DEFAULT).strip();
        if (embedder.isEmpty()) {
            throw values.invalid(EMBEDDER_MODEL, "expected a model name");
        }
        return new FilterConfig(low, high, embedder);
    }
}
