package io.unosynth.runtime.demo;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.nio.file.Path;

/** Where {@link DemoModels#write} put the demo models: a root directory with one subdirectory per model. */
public record DemoBundle(Path root, long seed) {
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String README_FILE = "README.md";

    public DemoBundle {
        requireNonNull(root, "root is null");
    }

    /** {@code root/<model dir>/model.onnx}. */
    public Path model(DemoModel model) {
        return root.resolve(model.directory()).resolve(DemoModel.MODEL_FILE);
    }

    /** {@code root/<model dir>/tokenizer.json}; only for models with a tokenizer. */
    public Path tokenizer(DemoModel model) {
        Preconditions.checkArgument(model.hasTokenizer(), "Invalid demo model: %s has no tokenizer", model);
        return root.resolve(model.directory()).resolve(DemoModel.TOKENIZER_FILE);
    }

    public Path manifest() {
        return root.resolve(MANIFEST_FILE);
    }
}
