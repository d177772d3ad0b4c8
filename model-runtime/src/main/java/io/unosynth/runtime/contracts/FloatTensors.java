package io.unosynth.runtime.contracts;

import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;

/** Float values as a tensor of a model's floating-point input type (half-precision exports round on the way in). */
public final class FloatTensors {
    private FloatTensors() {}

    public static Tensor of(DataType type, float[] values, long... shape) {
        return switch (type) {
            case FLOAT32 -> Tensor.ofFloats(values, shape);
            case FLOAT16 -> Tensor.ofFloat16(values, shape);
            case BFLOAT16 -> Tensor.ofBFloat16(values, shape);
            case INT64, INT32, BOOL, UINT8 -> throw new IllegalArgumentException(
                    "Invalid type for float values: " + type.displayName());
        };
    }
}
