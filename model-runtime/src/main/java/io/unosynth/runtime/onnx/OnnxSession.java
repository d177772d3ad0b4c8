package io.unosynth.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.ValidatingSession;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One ONNX Runtime session. {@link OrtSession#run} is thread-safe, so every task thread shares this session. */
final class OnnxSession extends ValidatingSession {
    private final OrtEnvironment environment;
    private final OrtSession session;

    OnnxSession(String modelName, Device device, ModelSignature signature, OrtEnvironment environment,
            OrtSession session) {
        super(modelName, device, signature);
        this.environment = environment;
        this.session = session;
    }

    @Override
    protected Map<String, Tensor> runValidated(Map<String, Tensor> inputs) {
        Map<String, OnnxTensor> onnxInputs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                onnxInputs.put(input.getKey(), toOnnx(input.getValue()));
            }
            try (OrtSession.Result result = session.run(onnxInputs)) {
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                for (String name : signature().outputNames()) {
                    Optional<OnnxValue> value = result.get(name);
                    if (value.isPresent()) {
                        outputs.put(name, fromOnnx(name, value.get()));
                    }
                }
                return outputs;
            }
        } catch (OrtException e) {
            String message = String.valueOf(e.getMessage());
            PipelineErrorCode code = message.toLowerCase(Locale.ROOT).contains("out of memory")
                    || message.contains("Failed to allocate memory")
                    ? PipelineErrorCode.GPU_OUT_OF_MEMORY : PipelineErrorCode.INTERNAL;
            throw new PipelineException(code, "Cannot run model '" + modelName() + "' on " + device() + ": "
                    + message, e);
        } finally {
            onnxInputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        Buffer buffer = tensor.buffer();
        return switch (tensor.dataType()) {
            case FLOAT32 -> OnnxTensor.createTensor(environment, (FloatBuffer) buffer, shape);
            case FLOAT16, BFLOAT16 -> OnnxTensor.createTensor(environment, (ShortBuffer) buffer, shape,
                    OnnxTypes.toOnnx(tensor.dataType()));
            case INT64 -> OnnxTensor.createTensor(environment, (LongBuffer) buffer, shape);
            case INT32 -> OnnxTensor.createTensor(environment, (IntBuffer) buffer, shape);
            case BOOL, UINT8 -> OnnxTensor.createTensor(environment, (ByteBuffer) buffer, shape,
                    OnnxTypes.toOnnx(tensor.dataType()));
        };
    }

    private Tensor fromOnnx(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new PipelineException(PipelineErrorCode.INTERNAL,
                    "Cannot read output '" + name + "' of model '" + modelName() + "': not a tensor");
        }
        DataType type = OnnxTypes.toDataType(tensor.getInfo().type).orElseThrow(() -> new PipelineException(
                PipelineErrorCode.INTERNAL, "Cannot read output '" + name + "' of model '" + modelName()
                        + "': unsupported element type " + tensor.getInfo().type));
        long[] shape = tensor.getInfo().getShape();
        Buffer buffer = switch (type) {
            case FLOAT32 -> tensor.getFloatBuffer();
            case FLOAT16, BFLOAT16 -> tensor.getShortBuffer();
            case INT64 -> tensor.getLongBuffer();
            case INT32 -> tensor.getIntBuffer();
            case BOOL, UINT8 -> tensor.getByteBuffer();
        };
        return Tensor.copyOf(type, buffer, shape);
    }

    @Override
    protected void closeEngine() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot close model '" + modelName() + "'", e);
        }
    }
}
