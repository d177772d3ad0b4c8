package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The named tensors of a model, each checked against the module tree's {@link ParameterShapes}. */
public final class Weights {
    private final Map<String, NDArray> tensors;

    private Weights(Map<String, NDArray> tensors) {
        this.tensors = tensors;
    }

    /**
     * Reads every parameter of {@code expected} from {@code file} into {@code manager} as {@code type}, one
     * memory-mapped tensor at a time; a missing, unexpected or misshapen tensor fails naming it.
     */
    public static Weights load(SafetensorsFile file, ParameterShapes expected, NDManager manager, DataType type)
            throws IOException {
        List<String> unexpected = new ArrayList<>(file.entries().keySet());
        unexpected.removeAll(expected.shapes().keySet());
        if (!unexpected.isEmpty()) {
            throw invalid("Invalid weights %s: %d tensors the model does not have, e.g. %s", file.path(),
                    unexpected.size(), unexpected.subList(0, Math.min(5, unexpected.size())));
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> parameter : expected.shapes().entrySet()) {
            String name = parameter.getKey();
            if (!file.entries().containsKey(name)) {
                throw invalid("Invalid weights %s: missing tensor '%s'", file.path(), name);
            }
            long[] shape = file.entry(name).shape();
            if (!Arrays.equals(shape, parameter.getValue())) {
                throw invalid("Invalid weights %s: tensor '%s' has shape %s, the model needs %s", file.path(), name,
                        Arrays.toString(shape), Arrays.toString(parameter.getValue()));
            }
            tensors.put(name, tensor(manager, file.readFloats(name), new Shape(shape), type));
        }
        return new Weights(Collections.unmodifiableMap(tensors));
    }

    /**
     * One tensor in {@code type}. bf16 goes through {@link BFloat16} (DJL cannot create bf16 itself): the float32
     * copy lives only until it is narrowed, and a bf16 file's values pass through it exactly.
     */
    private static NDArray tensor(NDManager manager, float[] values, Shape shape, DataType type) {
        NDArray tensor = TorchTensors.of(manager, values, shape);
        if (type == DataType.FLOAT32) {
            return tensor;
        }
        if (type == DataType.BFLOAT16) {
            try (NDArray wide = tensor) {
                return BFloat16.narrow(wide);
            }
        }
        try (NDArray wide = tensor) {
            return wide.toType(type, false);
        }
    }

    /** Tensors already in memory, e.g. freshly initialised; checked like {@link #load}. */
    public static Weights of(Map<String, NDArray> tensors, ParameterShapes expected) {
        for (Map.Entry<String, long[]> parameter : expected.shapes().entrySet()) {
            NDArray tensor = tensors.get(parameter.getKey());
            if (tensor == null || !Arrays.equals(tensor.getShape().getShape(), parameter.getValue())) {
                throw invalid("Invalid weights: tensor '%s' is %s, the model needs %s", parameter.getKey(),
                        tensor == null ? "missing" : tensor.getShape(), Arrays.toString(parameter.getValue()));
            }
        }
        return new Weights(Collections.unmodifiableMap(new LinkedHashMap<>(tensors)));
    }

    public NDArray get(String name) {
        NDArray tensor = tensors.get(name);
        if (tensor == null) {
            throw invalid("Cannot find weight '%s'", name);
        }
        return tensor;
    }

    public Map<String, NDArray> all() {
        return tensors;
    }

    /** Whether the weights are held in bfloat16 (then the forward pass runs in bf16, see {@link BFloat16}). */
    public boolean isBFloat16() {
        return !tensors.isEmpty() && BFloat16.is(tensors.values().iterator().next());
    }

    /** Bytes libtorch holds for all tensors' elements, counted from each tensor's element count and type. */
    public long heldBytes() {
        long bytes = 0;
        for (NDArray tensor : tensors.values()) {
            bytes += tensor.size() * (BFloat16.is(tensor) ? 2 : tensor.getDataType().getNumOfBytes());
        }
        return bytes;
    }

    private static ValidationException invalid(String format, Object... args) {
        return new ValidationException(PipelineErrorCode.INVALID_INPUT, String.format(format, args));
    }
}
