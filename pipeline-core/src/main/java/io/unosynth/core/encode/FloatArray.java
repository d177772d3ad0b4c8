package io.unosynth.core.encode;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A float32 array with its shape, stored as little-endian bytes and the shape as {@code "16,64,64"}. */
public record FloatArray(List<Integer> shape, float[] values) implements Serializable {
    public FloatArray {
        shape = List.copyOf(shape);
        requireNonNull(values, "values is null");
        long size = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        checkArgument(size == values.length, "Invalid array: %s values for shape %s", values.length, shape);
    }

    public byte[] littleEndian() {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    public String shapeText() {
        return shape.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Reads what {@link #littleEndian()} and {@link #shapeText()} wrote; {@code what} names the column. */
    public static FloatArray fromLittleEndian(byte[] bytes, String shapeText, String what) {
        List<Integer> shape;
        try {
            shape = shapeText.isEmpty() ? List.of()
                    : Arrays.stream(shapeText.split(",")).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid shape of " + what + ": '" + shapeText + "'", e);
        }
        checkArgument(bytes.length % Float.BYTES == 0, "Invalid %s: %s bytes is not whole float32 values", what,
                bytes.length);
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        long size = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        checkArgument(size == values.length, "Invalid %s: %s values for shape %s", what, values.length, shape);
        return new FloatArray(shape, values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatArray that && shape.equals(that.shape) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatArray" + shape;
    }
}
