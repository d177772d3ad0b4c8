package io.unosynth.trainer.safetensors;


import java.nio.ByteBuffer;

/** The floating-point element types a safetensors file may hold that the DiT reads, with their codecs. */
public enum TensorDtype {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    TensorDtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    static TensorDtype fromName(String name, String tensor) {
        for (TensorDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw SafetensorsFile.invalidInput("Invalid dtype '%s' of tensor '%s': expected F32, F16 or BF16", name,
                tensor);
    }

    /** Reads {@code values.length} little-endian elements from {@code bytes} (already little-endian ordered). */
    void decode(ByteBuffer bytes, float[] values) {
        switch (this) {
            case F32 -> bytes.asFloatBuffer().get(values);
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = halfToFloat(bytes.getShort(2 * i));
                }
            }
        }
    }

    /** Writes {@code values} as little-endian elements; bf16 and fp16 round to nearest even. */
    void encode(float[] values, ByteBuffer bytes) {
        switch (this) {
            case F32 -> bytes.asFloatBuffer().put(values);
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    bytes.putShort(2 * i, floatToBfloat16(values[i]));
                }
            }
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    bytes.putShort(2 * i, floatToHalf(values[i]));
                }
            }
        }
    }

    static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int roundingBias = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** IEEE 754 binary16 to float, subnormals included. */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Float to IEEE 754 binary16, round to nearest even, overflow to infinity. */
    static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        float magnitude = Math.abs(value);
        if (Float.isNaN(value)) {
            return (short) (sign | 0x7e00);
        }
        if (magnitude >= 65520f) {
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x1p-14f) {
            // Subnormal: a multiple of 2^-24, rounded half to even by Math.rint.
            return (short) (sign | (int) Math.rint(magnitude * 0x1p24f));
        }
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        int half = (exponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }
}
