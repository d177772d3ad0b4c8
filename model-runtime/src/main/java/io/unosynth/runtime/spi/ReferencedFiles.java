package io.unosynth.runtime.spi;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings a file that a model names but does not hold onto local disk: the base checkpoint a LoRA model refers to
 * by URI (the {@code dit} backend). The model loader stages remote locations the way it stages models.
 */
@FunctionalInterface
public interface ReferencedFiles {
    /** Local paths and {@code file:} URIs only; a remote location fails naming the model. */
    ReferencedFiles LOCAL = (modelName, location) -> {
        if (ModelSpec.remoteScheme(location).isPresent()) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load model '" + modelName
                    + "': it refers to " + location + ", and this backend was created without a stager for "
                    + "remote files (load it through the model loader)");
        }
        Path local = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        if (!Files.exists(local)) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot load model '" + modelName + "': no file at " + local.toAbsolutePath());
        }
        return local;
    };

    /** The local path of {@code location} (a local path, {@code file:}, or a remote URI such as s3a:). */
    Path stage(String modelName, String location);
}
