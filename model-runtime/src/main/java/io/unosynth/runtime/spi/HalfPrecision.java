package io.unosynth.runtime.spi;

/**
 * Conversions between float32 and the two 16-bit float formats (IEEE 754 binary16 and bfloat16), which Java 17
 * lacks. Narrowing rounds to nearest, ties to even, as the engines do.
 */
public final class HalfPrecision {
    private HalfPrecision() {}

    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    public static short toBFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40); // keep NaN a NaN after truncation
        }
        int roundingBias = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float float16ToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa * 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    public static short toFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 112;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00); // overflow to infinity
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign; // underflow to signed zero
            }
            int full = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            int rounded = roundShift(full, shift);
            return (short) (sign | rounded);
        }
        int rounded = roundShift((halfExponent << 23) | mantissa, 13);
        return (short) (sign | rounded); // a carry into the exponent is the correct rounding, infinity included
    }

    private static int roundShift(int value, int shift) {
        int halfway = 1 << (shift - 1);
        int remainder = value & ((1 << shift) - 1);
        int result = value >>> shift;
        if (remainder > halfway || (remainder == halfway && (result & 1) == 1)) {
            result++;
        }
        return result;
    }
}
