package io.unosynth.trainer.serve;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.djl.DjlEngine;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.ModelBackend;
import io.unosynth.runtime.spi.ModelFiles;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.trainer.dit.DiTFlowTransformer;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.FluxMath;
import io.unosynth.trainer.dit.LinearAdapter;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The trainer's FLUX DiT on DJL as a model backend: a model directory holding {@code dit.properties}
 * ({@link DitModelDescriptor}), the LoRA it names (UNO's {@code dit_lora.safetensors}) and, or a reference to, the
 * base {@code .safetensors}. The session serves the FLUX transformer contract the ONNX exports serve, so any
 * FLUX-contract model ({@code models.flux}, {@code models.s2i}) can be a trained UNO model: {@code backend = dit}.
 * {@code precision = bf16} holds the base in bf16 (half the memory) and runs its matmuls in bf16; inputs and outputs
 * are float32 either way (the FLUX transformer contract).
 */
public final class DitBackend implements ModelBackend {
    public static final String NAME = "dit";

    private final BackendSettings settings;

    public DitBackend(BackendSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelSession load(ModelLoadRequest request) {
        String model = request.modelName();
        ModelSpec.Precision precision = request.options().precision();
        if (precision == ModelSpec.Precision.FP16) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot load model '" + model
                    + "' with the dit backend: it runs float32 or bf16, the config says fp16 (set models." + model
                    + ".precision = auto, fp32 or bf16)");
        }
        // bf16: the base held and multiplied in bf16, the LoRA float32; the session's inputs and outputs stay float32
        DataType baseType = precision == ModelSpec.Precision.BF16 ? DataType.BFLOAT16 : DataType.FLOAT32;
        Path descriptorFile = ModelFiles.resolve(model, request.path(), DitModelDescriptor.FILE_NAME, ".properties");
        Path directory = descriptorFile.toAbsolutePath().getParent();
        DitModelDescriptor descriptor = DitModelDescriptor.read(descriptorFile);
        if (descriptor.params().inChannels() != FlowInput.FEATURES
                || descriptor.params().outChannels() != FlowInput.FEATURES) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot serve model '" + model + "' ("
                    + descriptorFile + ") as a FLUX transformer: it takes " + descriptor.params().inChannels()
                    + " and gives " + descriptor.params().outChannels() + " features per token, the contract "
                    + FlowInput.FEATURES);
        }
        ModelSignature signature = DitSession.signature(descriptor.params(), request.declared(), model);
        Path base = stageBase(model, directory, descriptor.base());
        Engine engine = DjlEngine.start(settings.engineCacheDir());
        NDManager manager = NDManager.newBaseManager(DjlEngine.device(model, engine, request.device()));
        try {
            FluxDiT dit = new FluxDiT(descriptor.params());
            Weights weights;
            try (SafetensorsFile file = SafetensorsFile.open(base)) {
                weights = Weights.load(file, dit.parameterShapes(), manager, baseType);
            }
            LinearAdapter adapter = loadLora(model, directory, descriptor, manager);
            return new DitSession(model, request.device(), signature,
                    new DiTFlowTransformer(dit, weights, adapter, manager), manager);
        } catch (IOException e) {
            manager.close();
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load model '" + model
                    + "' from " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A relative base is in the model directory; other locations are staged like models (any Hadoop URI). */
    private Path stageBase(String model, Path directory, String base) {
        boolean relative = ModelSpec.remoteScheme(base).isEmpty() && !base.startsWith("file:")
                && !Path.of(base).isAbsolute();
        return relative ? settings.referencedFiles().stage(model, directory.resolve(base).toString())
                : settings.referencedFiles().stage(model, base);
    }

    private static LinearAdapter loadLora(String model, Path directory, DitModelDescriptor descriptor,
            NDManager manager) throws IOException {
        if (descriptor.lora().isEmpty()) {
            return LinearAdapter.NONE;
        }
        Path file = directory.resolve(descriptor.lora());
        UnoLora lora;
        try (SafetensorsFile loraFile = SafetensorsFile.open(file)) {
            lora = UnoLora.load(loraFile, descriptor.params(), manager);
        }
        if (descriptor.loraRank() != 0 && descriptor.loraRank() != lora.rank()) {
            throw new ValidationException(PipelineErrorCode.INVALID_INPUT, "Invalid model '" + model + "': "
                    + DitModelDescriptor.LORA_RANK + " = " + descriptor.loraRank() + " but " + file + " has rank "
                    + lora.rank());
        }
        double scale = descriptor.loraScale();
        if (scale == UnoLora.LORA_WEIGHT) {
            return lora;
        }
        return (site, input) -> {
            var delta = lora.delta(site, input);
            return delta == null ? null : delta.mul(FluxMath.constant(delta, scale));
        };
    }
}
