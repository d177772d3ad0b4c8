package io.unosynth.runtime.djl;

import static java.util.Objects.requireNonNull;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.spi.ModelBackend;
import io.unosynth.runtime.spi.ModelFiles;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import java.io.IOException;
import java.nio.file.Path;

/**
 * DJL's PyTorch engine, for TorchScript modules ({@code .pt}). Runs offline only: libtorch comes from the
 * {@code pytorch-native-cpu} classifier jar on the classpath and is unpacked into the engine cache directory; DJL's
 * download and telemetry are switched off before the engine starts. TorchScript carries no input names, so the
 * caller declares the signature; inputs are passed positionally in its order.
 */
public final class DjlBackend implements ModelBackend {
    public static final String NAME = "djl";
    static final String ENGINE_NAME = "PyTorch";

    private final Path engineCacheDir;

    public DjlBackend(Path engineCacheDir) {
        this.engineCacheDir = requireNonNull(engineCacheDir, "engineCacheDir is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelSession load(ModelLoadRequest request) {
        String model = request.modelName();
        if (request.declared().inputs().isEmpty() || request.declared().outputs().isEmpty()) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot load model '" + model
                    + "' with the djl backend: TorchScript files carry no input or output names, so the caller "
                    + "must declare the signature (inputs in positional order)");
        }
        request.declared().checkPrecision(model, request.options().precision());
        Path file = ModelFiles.resolve(model, request.path(), "model.pt", ".pt");
        Engine engine = DjlEngine.start(engineCacheDir);
        ai.djl.Device device = DjlEngine.device(model, engine, request.device());
        engine.setRandomSeed(Long.hashCode(request.options().seed()));
        Model loaded = Model.newInstance(model, device, ENGINE_NAME);
        try {
            loaded.load(file);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load model '" + model
                    + "' from " + file.toAbsolutePath() + " as TorchScript (truncated or corrupt, or not saved with "
                    + "torch.jit.save?): " + e.getMessage(), e);
        }
        return new DjlSession(model, request.device(), request.declared(), loaded);
    }
}
