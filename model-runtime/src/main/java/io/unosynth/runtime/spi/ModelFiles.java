package io.unosynth.runtime.spi;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the model file a backend loads when it is given a directory (a staged model with its data files). */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * {@code path} itself when it is a file; for a directory, {@code preferredName} in it if present, else its only
     * file with {@code extension}. Fails naming the model, the directory and the candidates otherwise.
     */
    public static Path resolve(String modelName, Path path, String preferredName, String extension) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot load model '" + modelName + "': no file or directory at " + path.toAbsolutePath());
        }
        Path preferred = path.resolve(preferredName);
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(path)) {
            candidates = files.filter(f -> f.getFileName().toString().endsWith(extension))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list model directory " + path, e);
        }
        if (candidates.size() != 1) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load model '" + modelName
                    + "' from directory " + path.toAbsolutePath() + ": expected " + preferredName + " or exactly one "
                    + extension + " file, found " + candidates.stream().map(p -> p.getFileName().toString()).toList()
                    + "; point the location at the model file");
        }
        return candidates.get(0);
    }
}
