package io.unosynth.core.coevolve;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.util.List;

/**
 * How {@code unosynth coevolve} hands a trained model to the steps after it: as the config overrides
 * {@code models.<name>.backend = modelBackend} and {@code models.<name>.location =
 * <round>/train/stage-<n>/<modelDirectory>} (the servable model directory {@code unosynth train} writes).
 *
 * @param handoff false: every step keeps the configured models (the loop's data flow without the model flow; the
 *     rounds then repeat one another), for checking a configuration before paying for training
 * @param modelBackend the model backend that serves a trained model directory
 * @param modelDirectory the model directory under a training stage's folder
 */
public record CoevolveConfig(boolean handoff, String modelBackend, String modelDirectory) {
    public static final String PREFIX = "coevolve.";
    public static final String HANDOFF = "coevolve.handoff";
    public static final boolean HANDOFF_DEFAULT = true;
    public static final String MODEL_BACKEND = "coevolve.model-backend";
    public static final String MODEL_BACKEND_DEFAULT = "dit";
    public static final String MODEL_DIRECTORY = "coevolve.model-dir";
    public static final String MODEL_DIRECTORY_DEFAULT = "model";

    public CoevolveConfig {
        requireNonNull(modelBackend, "modelBackend is null");
        requireNonNull(modelDirectory, "modelDirectory is null");
        ValidationException.check(!modelBackend.isBlank(), PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s is empty", MODEL_BACKEND);
        ValidationException.check(!modelDirectory.isBlank() && !modelDirectory.startsWith("/")
                && !modelDirectory.contains(".."), PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: %s (%s) must be a relative folder name under the training stage's folder",
                MODEL_DIRECTORY, modelDirectory);
    }

    public static CoevolveConfig defaults() {
        return from(new ConfigValues(List.of()));
    }

    public static CoevolveConfig from(ConfigValues values) {
        return new CoevolveConfig(
                values.bool(HANDOFF, HANDOFF_DEFAULT),
                values.string(MODEL_BACKEND, MODEL_BACKEND_DEFAULT),
                values.string(MODEL_DIRECTORY, MODEL_DIRECTORY_DEFAULT));
    }
}
