package io.unosynth.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.unosynth.core.config.ModelSpec.GpuProvider;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelBackend;
import io.unosynth.runtime.spi.ModelFiles;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.SessionOptions;
import io.unosynth.runtime.spi.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime. Models always load from a file path, never from bytes, so ONNX external-data files next to the
 * model resolve and models over 2 GB work. The CPU build carries {@code com.microsoft.onnxruntime:onnxruntime}; the
 * CUDA and TensorRT execution providers need {@code onnxruntime_gpu} (Maven profile {@code -Pgpu}).
 */
public final class OnnxBackend implements ModelBackend {
    public static final String NAME = "onnx";
    static final String GPU_ARTIFACT = "com.microsoft.onnxruntime:onnxruntime_gpu (build with the Maven profile -Pgpu)";

    private final EnumSet<OrtProvider> availableProviders;

    public OnnxBackend() {
        this(OrtEnvironment.getAvailableProviders());
    }

    /** For tests: pretends the build offers only {@code availableProviders}. */
    OnnxBackend(EnumSet<OrtProvider> availableProviders) {
        this.availableProviders = EnumSet.copyOf(availableProviders);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelSession load(ModelLoadRequest request) {
        String model = request.modelName();
        Path file = ModelFiles.resolve(model, request.path(), "model.onnx", ".onnx");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions(model, request.device(), request.options())) {
            // The path overload: ONNX Runtime resolves external data relative to the model file.
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw loadFailure(model, file, e);
        }
        try {
            ModelSignature signature = new ModelSignature(specs(model, session.getInputInfo(), "input"),
                    specs(model, session.getOutputInfo(), "output"));
            signature.checkPrecision(model, request.options().precision());
            // The declared signature is the contract's; the contract checks the names it needs against this one,
            // with errors naming the contract input and the mapping key.
            return new OnnxSession(model, request.device(), signature, environment, session);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session, e);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot read the inputs and outputs of model '" + model + "' (" + file + "): " + e.getMessage(), e);
        }
    }

    private OrtSession.SessionOptions sessionOptions(String model, Device device, SessionOptions settings)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            if (!settings.intraOpSpinning()) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            if (device.isGpu()) {
                OrtProvider provider = settings.gpuProvider() == GpuProvider.TENSORRT
                        ? OrtProvider.TENSOR_RT : OrtProvider.CUDA;
                if (!availableProviders.contains(provider)) {
                    throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot run model '" + model
                            + "' on " + device + " with ONNX Runtime's " + (provider == OrtProvider.CUDA ? "CUDA"
                            : "TensorRT") + " execution provider: this build has only " + availableProviders + "; it needs " + GPU_ARTIFACT
                            + ", or set the model's device to cpu");
                }
                if (provider == OrtProvider.TENSOR_RT) {
                    options.addTensorrt(device.ordinal());
                }
                options.addCUDA(device.ordinal()); // after TensorRT: runs the operators TensorRT does not take
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static PipelineException loadFailure(String model, Path file, OrtException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        String reason;
        if (lower.contains("external data") || lower.contains("external_data") || lower.contains("externaldata")
                || (lower.contains("no such file") && !lower.contains(file.getFileName().toString().toLowerCase(
                        Locale.ROOT)))) {
            reason = "an external-data file is missing or incomplete (it must sit next to the model file, as named in "
                    + "the model; files in " + file.toAbsolutePath().getParent() + ": " + siblings(file) + ")";
        } else if (lower.contains("protobuf parsing failed") || lower.contains("invalid_protobuf")
                || lower.contains("model_proto")) {
            reason = "the file is not a complete ONNX model (truncated or corrupt?)";
        } else if (lower.contains("cuda") || lower.contains("tensorrt")) {
            reason = "the GPU execution provider could not start (CUDA/cuDNN/TensorRT libraries and a GPU are needed)";
        } else {
            reason = "ONNX Runtime refused it";
        }
        return new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                "Cannot load model '" + model + "' from " + file.toAbsolutePath() + ": " + reason + "; ONNX Runtime: "
                        + message, e);
    }

    private static List<String> siblings(Path file) {
        try (var files = Files.list(file.toAbsolutePath().getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    private static List<TensorSpec> specs(String model, Map<String, NodeInfo> infos, String kind) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot use model '" + model
                        + "': its " + kind + " '" + node.getName() + "' is not a tensor (" + node.getInfo() + ")");
            }
            DataType type = OnnxTypes.toDataType(tensor.type).orElseThrow(() -> new PipelineException(
                    PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot use model '" + model + "': its " + kind + " '"
                            + node.getName() + "' has element type " + tensor.type + "; supported: "
                            + List.of(DataType.values())));
            long[] shape = tensor.getShape();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? TensorSpec.DYNAMIC : shape[i];
            }
            specs.add(TensorSpec.of(node.getName(), type, shape));
        }
        return specs;
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
