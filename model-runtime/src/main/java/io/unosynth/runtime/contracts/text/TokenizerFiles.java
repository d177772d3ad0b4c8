package io.unosynth.runtime.contracts.text;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.registry.ModelLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a text model's tokenizer.json is: {@code models.<name>.tokenizer} (default {@code tokenizer.json}) relative
 * to the model's directory, so it is staged with a directory model; or an absolute path or URI of its own.
 */
public final class TokenizerFiles {
    private TokenizerFiles() {}

    public static Path locate(ModelLoader loader, String modelName) {
        ModelSpec spec = loader.spec(modelName);
        String tokenizer = spec.tokenizer();
        Path file;
        if (ModelSpec.remoteScheme(tokenizer).isPresent()) {
            file = loader.localFile(modelName, tokenizer);
        } else if (tokenizer.startsWith("file:")) {
            file = Path.of(URI.create(tokenizer));
        } else if (Path.of(tokenizer).isAbsolute()) {
            file = Path.of(tokenizer);
        } else {
            Path model = loader.localPath(modelName);
            Path directory = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
            file = directory.resolve(tokenizer);
        }
        return requireFile(modelName, file);
    }

    static Path requireFile(String modelName, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load tokenizer of model '"
                    + modelName + "': no file " + file.toAbsolutePath() + " (put tokenizer.json beside the model or set"
                    + " models." + modelName + "." + ModelSpec.TOKENIZER + ")");
        }
        return file;
    }
}
