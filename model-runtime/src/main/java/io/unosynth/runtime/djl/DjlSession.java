package io.unosynth.runtime.djl;

import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.spi.ValidatingSession;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One TorchScript module. Each call runs in its own child {@link NDManager}, so inputs, intermediates and outputs
 * are freed when the call returns; the module itself is shared by all threads (TorchScript inference is re-entrant).
 */
final class DjlSession extends ValidatingSession {
    private final Model model;

    DjlSession(String modelName, Device device, ModelSignature signature, Model model) {
        super(modelName, device, signature);
        this.model = model;
    }

    @Override
    protected Map<String, Tensor> runValidated(Map<String, Tensor> inputs) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList arguments = new NDList();
            for (TensorSpec spec : signature().inputs()) {
                arguments.add(toDjl(scope, inputs.get(spec.name())));
            }
            NDList results = model.getBlock().forward(new ParameterStore(scope, false), arguments, false);
            List<TensorSpec> outputs = signature().outputs();
            if (results.size() != outputs.size()) {
                throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot read the outputs of model '"
                        + modelName() + "': it returned " + results.size() + " tensors, the signature declares "
                        + outputs.size() + " " + signature().outputNames());
            }
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                values.put(outputs.get(i).name(), fromDjl(outputs.get(i).name(), results.get(i)));
            }
            return values;
        } catch (EngineException e) {
            String message = String.valueOf(e.getMessage());
            PipelineErrorCode code = message.toLowerCase(Locale.ROOT).contains("out of memory")
                    ? PipelineErrorCode.GPU_OUT_OF_MEMORY : PipelineErrorCode.INTERNAL;
            throw new PipelineException(code, "Cannot run model '" + modelName() + "' on " + device() + ": "
                    + message, e);
        }
    }

    private static NDArray toDjl(NDManager scope, Tensor tensor) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(tensor.elementCount() * tensor.dataType().byteSize())
                .order(ByteOrder.nativeOrder());
        Buffer source = tensor.buffer();
        switch (tensor.dataType()) {
            case FLOAT32 -> bytes.asFloatBuffer().put((FloatBuffer) source);
            case FLOAT16, BFLOAT16 -> bytes.asShortBuffer().put((ShortBuffer) source);
            case INT64 -> bytes.asLongBuffer().put((LongBuffer) source);
            case INT32 -> bytes.asIntBuffer().put((IntBuffer) source);
            case BOOL, UINT8 -> bytes.put((ByteBuffer) source).flip();
        }
        return scope.create(bytes, new Shape(tensor.shape()), toDjl(tensor.dataType()));
    }

    private Tensor fromDjl(String name, NDArray array) {
        DataType type = fromDjl(array.getDataType());
        if (type == null) {
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot read output '" + name + "' of model '"
                    + modelName() + "': unsupported element type " + array.getDataType());
        }
        ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.nativeOrder());
        Buffer typed = switch (type) {
            case FLOAT32 -> bytes.asFloatBuffer();
            case FLOAT16, BFLOAT16 -> bytes.asShortBuffer();
            case INT64 -> bytes.asLongBuffer();
            case INT32 -> bytes.asIntBuffer();
            case BOOL, UINT8 -> bytes;
        };
        return Tensor.copyOf(type, typed, array.getShape().getShape());
    }

    private static ai.djl.ndarray.types.DataType toDjl(DataType type) {
        return switch (type) {
            case FLOAT32 -> ai.djl.ndarray.types.DataType.FLOAT32;
            case FLOAT16 -> ai.djl.ndarray.types.DataType.FLOAT16;
            case BFLOAT16 -> ai.djl.ndarray.types.DataType.BFLOAT16;
            case INT64 -> ai.djl.ndarray.types.DataType.INT64;
            case INT32 -> ai.djl.ndarray.types.DataType.INT32;
            case BOOL -> ai.djl.ndarray.types.DataType.BOOLEAN;
            case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
        };
    }

    private static DataType fromDjl(ai.djl.ndarray.types.DataType type) {
        return switch (type) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case BOOLEAN -> DataType.BOOL;
            case UINT8 -> DataType.UINT8;
            default -> null;
        };
    }

    @Override
    protected void closeEngine() {
        model.close();
    }
}
