package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable dense tensor in row-major order: an element type, a shape and a primitive buffer. Contracts build
 * these and read them; backends convert them to and from their engine's type at the call. The buffer kind follows
 * the type: {@link FloatBuffer} for float32, {@link ShortBuffer} of raw bit patterns for float16 and bfloat16,
 * {@link LongBuffer} for int64, {@link IntBuffer} for int32, {@link ByteBuffer} (0 or 1 for bool) for bool and uint8.
 */
public final class Tensor {
    private final DataType dataType;
    private final long[] shape;
    private final Buffer data;

    private Tensor(DataType dataType, long[] shape, Buffer data) {
        this.dataType = requireNonNull(dataType, "dataType is null");
        this.shape = shape.clone();
        this.data = requireNonNull(data, "data is null");
        long count = 1;
        for (long dimension : shape) {
            Preconditions.checkArgument(dimension >= 0, "Invalid tensor shape: %s", Arrays.toString(shape));
            count = Math.multiplyExact(count, dimension);
        }
        Preconditions.checkArgument(count == data.remaining(),
                "Invalid tensor: shape %s holds %s elements, buffer has %s", Arrays.toString(shape), count,
                data.remaining());
    }

    public static Tensor ofFloats(float[] values, long... shape) {
        return new Tensor(DataType.FLOAT32, shape, FloatBuffer.wrap(values.clone()));
    }

    /**
     * The remaining elements of {@code values}, not copied: for a caller that reuses one (direct) buffer call after
     * call, which ONNX Runtime then reads in place. The caller leaves the buffer unchanged while the tensor is used.
     */
    public static Tensor wrapping(FloatBuffer values, long... shape) {
        return new Tensor(DataType.FLOAT32, shape, values.slice());
    }

    /** Rounds each value to float16 (round to nearest even). */
    public static Tensor ofFloat16(float[] values, long... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = HalfPrecision.toFloat16(values[i]);
        }
        return new Tensor(DataType.FLOAT16, shape, ShortBuffer.wrap(bits));
    }

    /** Rounds each value to bfloat16 (round to nearest even). */
    public static Tensor ofBFloat16(float[] values, long... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = HalfPrecision.toBFloat16(values[i]);
        }
        return new Tensor(DataType.BFLOAT16, shape, ShortBuffer.wrap(bits));
    }

    public static Tensor ofLongs(long[] values, long... shape) {
        return new Tensor(DataType.INT64, shape, LongBuffer.wrap(values.clone()));
    }

    public static Tensor ofInts(int[] values, long... shape) {
        return new Tensor(DataType.INT32, shape, IntBuffer.wrap(values.clone()));
    }

    public static Tensor ofBooleans(boolean[] values, long... shape) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return new Tensor(DataType.BOOL, shape, ByteBuffer.wrap(bytes));
    }

    public static Tensor ofUint8(byte[] values, long... shape) {
        return new Tensor(DataType.UINT8, shape, ByteBuffer.wrap(values.clone()));
    }

    /**
     * Copies the remaining elements of {@code buffer}, whose kind must match {@code dataType} as listed in the class
     * comment. Backends use this to take over an engine's output.
     */
    public static Tensor copyOf(DataType dataType, Buffer buffer, long... shape) {
        Buffer copy = switch (dataType) {
            case FLOAT32 -> copy((FloatBuffer) expect(buffer, FloatBuffer.class, dataType));
            case FLOAT16, BFLOAT16 -> copy((ShortBuffer) expect(buffer, ShortBuffer.class, dataType));
            case INT64 -> copy((LongBuffer) expect(buffer, LongBuffer.class, dataType));
            case INT32 -> copy((IntBuffer) expect(buffer, IntBuffer.class, dataType));
            case BOOL, UINT8 -> copy((ByteBuffer) expect(buffer, ByteBuffer.class, dataType));
        };
        return new Tensor(dataType, shape, copy);
    }

    public DataType dataType() {
        return dataType;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dimension(int axis) {
        return shape[axis];
    }

    public int elementCount() {
        return data.remaining();
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** A read-only view of the elements, positioned at the first; its kind follows {@link #dataType()}. */
    public Buffer buffer() {
        return switch (dataType) {
            case FLOAT32 -> ((FloatBuffer) data).asReadOnlyBuffer();
            case FLOAT16, BFLOAT16 -> ((ShortBuffer) data).asReadOnlyBuffer();
            case INT64 -> ((LongBuffer) data).asReadOnlyBuffer();
            case INT32 -> ((IntBuffer) data).asReadOnlyBuffer();
            case BOOL, UINT8 -> ((ByteBuffer) data).asReadOnlyBuffer();
        };
    }

    /** The elements as float32, widening float16/bfloat16 and converting integer types. */
    public float[] toFloatArray() {
        float[] out = new float[elementCount()];
        switch (dataType) {
            case FLOAT32 -> ((FloatBuffer) buffer()).get(out);
            case FLOAT16 -> {
                ShortBuffer bits = (ShortBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfPrecision.float16ToFloat(bits.get(i));
                }
            }
            case BFLOAT16 -> {
                ShortBuffer bits = (ShortBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfPrecision.bfloat16ToFloat(bits.get(i));
                }
            }
            case INT64 -> {
                LongBuffer values = (LongBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = values.get(i);
                }
            }
            case INT32 -> {
                IntBuffer values = (IntBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = values.get(i);
                }
            }
            case BOOL, UINT8 -> {
                ByteBuffer values = (ByteBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Byte.toUnsignedInt(values.get(i));
                }
            }
        }
        return out;
    }

    /** The elements of an int64 or int32 tensor. */
    public long[] toLongArray() {
        long[] out = new long[elementCount()];
        switch (dataType) {
            case INT64 -> ((LongBuffer) buffer()).get(out);
            case INT32 -> {
                IntBuffer values = (IntBuffer) buffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = values.get(i);
                }
            }
            default -> throw new IllegalStateException("Cannot read " + dataType.displayName() + " tensor as int64");
        }
        return out;
    }

    /** The elements of a bool tensor. */
    public boolean[] toBooleanArray() {
        Preconditions.checkState(dataType == DataType.BOOL, "Cannot read %s tensor as bool", dataType.displayName());
        ByteBuffer values = (ByteBuffer) buffer();
        boolean[] out = new boolean[elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i) != 0;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Tensor[" + dataType.displayName() + shapeText() + "]";
    }

    static List<Long> boxed(long[] shape) {
        List<Long> list = new ArrayList<>(shape.length);
        for (long dimension : shape) {
            list.add(dimension);
        }
        return list;
    }

    private static Buffer expect(Buffer buffer, Class<? extends Buffer> kind, DataType dataType) {
        Preconditions.checkArgument(kind.isInstance(buffer), "Invalid buffer for %s tensor: %s, expected %s",
                dataType.displayName(), buffer.getClass().getSimpleName(), kind.getSimpleName());
        return buffer;
    }

    private static FloatBuffer copy(FloatBuffer source) {
        float[] values = new float[source.remaining()];
        source.duplicate().get(values);
        return FloatBuffer.wrap(values);
    }

    private static ShortBuffer copy(ShortBuffer source) {
        short[] values = new short[source.remaining()];
        source.duplicate().get(values);
        return ShortBuffer.wrap(values);
    }

    private static LongBuffer copy(LongBuffer source) {
        long[] values = new long[source.remaining()];
        source.duplicate().get(values);
        return LongBuffer.wrap(values);
    }

    private static IntBuffer copy(IntBuffer source) {
        int[] values = new int[source.remaining()];
        source.duplicate().get(values);
        return IntBuffer.wrap(values);
    }

    private static ByteBuffer copy(ByteBuffer source) {
        byte[] values = new byte[source.remaining()];
        source.duplicate().get(values);
        return ByteBuffer.wrap(values);
    }
}
