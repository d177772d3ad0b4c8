package io.unosynth.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import io.unosynth.runtime.spi.DataType;
import java.util.Optional;

/** Maps ONNX Runtime's element types to ours; the others (double, int8, int16, string) are not carried. */
final class OnnxTypes {
    private OnnxTypes() {}

    static Optional<DataType> toDataType(OnnxJavaType type) {
        return Optional.ofNullable(switch (type) {
            case FLOAT -> DataType.FLOAT32;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT64 -> DataType.INT64;
            case INT32 -> DataType.INT32;
            case BOOL -> DataType.BOOL;
            case UINT8 -> DataType.UINT8;
            default -> null;
        });
    }

    static OnnxJavaType toOnnx(DataType type) {
        return switch (type) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT64 -> OnnxJavaType.INT64;
            case INT32 -> OnnxJavaType.INT32;
            case BOOL -> OnnxJavaType.BOOL;
            case UINT8 -> OnnxJavaType.UINT8;
        };
    }
}
