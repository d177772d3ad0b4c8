package io.unosynth.runtime.staging;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verifies {@code models.<name>.checksum} of a local model (a path or {@code file:} URI) on the driver, before
 * Spark starts: a wrong file is a configuration error then, not a failure in every task. Remote models are verified
 * where they are staged ({@link ModelStager}).
 */
public final class LocalModelChecksum {
    private LocalModelChecksum() {}

    public static void verify(ModelsConfig models) {
        models.specs().values().forEach(LocalModelChecksum::verify);
    }

    public static void verify(ModelSpec spec) {
        if (spec.checksum().isEmpty() || spec.remoteScheme().isPresent()) {
            return;
        }
        Path path = spec.location().startsWith("file:") ? Path.of(URI.create(spec.location()))
                : Path.of(spec.location());
        String key = ModelsConfig.PREFIX + spec.name() + "." + ModelSpec.CHECKSUM;
        if (!Files.exists(path)) {
            throw new ValidationException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot verify model '" + spec.name()
                    + "': " + path + " does not exist (" + ModelsConfig.PREFIX + spec.name() + "."
                    + ModelSpec.LOCATION + ")");
        }
        String actual;
        try {
            actual = Sha256.ofPath(path);
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot verify model '" + spec.name() + "' at " + path + ": " + e.getMessage());
        }
        ValidationException.check(actual.equals(spec.checksum()), PipelineErrorCode.INVALID_CONFIG,
                "Invalid model '%s' at %s: checksum mismatch, expected sha256 %s (%s), found %s", spec.name(), path,
                spec.checksum(), key, actual);
    }
}
