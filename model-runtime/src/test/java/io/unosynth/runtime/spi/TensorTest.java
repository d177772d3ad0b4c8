package io.unosynth.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void holdsTypeShapeAndAnIndependentCopyOfTheValues() {
        float[] values = {1, 2, 3, 4, 5, 6};
        Tensor tensor = Tensor.ofFloats(values, 2, 3);
        values[0] = 99;

        assertThat(tensor.dataType()).isEqualTo(DataType.FLOAT32);
        assertThat(tensor.shape()).containsExactly(2, 3);
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(tensor.buffer().isReadOnly()).isTrue();
    }

    @Test
    void rejectsAShapeThatDoesNotFitTheValues() {
        assertThatThrownBy(() -> Tensor.ofFloats(new float[5], 2, 3))
                .hasMessageContaining("shape [2, 3] holds 6 elements, buffer has 5");
    }

    @Test
    void convertsHalfPrecisionBothWays() {
        // Expected values as PyTorch 1.13 rounds them (tensor.half().float(), tensor.bfloat16().float()).
        float[] values = {0f, 1f, -2.5f, 65504f, 0.1f, 6.1035156e-5f, 5.9604645e-8f};
        Tensor half = Tensor.ofFloat16(values, values.length);
        Tensor brain = Tensor.ofBFloat16(values, values.length);

        assertThat(half.toFloatArray()).containsExactly(0f, 1f, -2.5f, 65504f, 0.099975586f, 6.1035156e-5f,
                5.9604645e-8f);
        assertThat(brain.toFloatArray()).containsExactly(0f, 1f, -2.5f, 65536f, 0.10009765625f, 6.1035156e-5f,
                5.9604645e-8f);
        assertThat(HalfPrecision.toFloat16(1f)).isEqualTo((short) 0x3c00);
        assertThat(HalfPrecision.toFloat16(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(HalfPrecision.toFloat16(-1e-9f)).isEqualTo((short) 0x8000);
        assertThat(Float.isNaN(HalfPrecision.float16ToFloat(HalfPrecision.toFloat16(Float.NaN)))).isTrue();
        assertThat(Float.isNaN(HalfPrecision.bfloat16ToFloat(HalfPrecision.toBFloat16(Float.NaN)))).isTrue();
    }

    @Test
    void roundsHalfPrecisionToNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and the next float16 (1 + 2^-10): ties go to the even mantissa, 1.
        assertThat(HalfPrecision.toFloat16(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(HalfPrecision.toFloat16(1f + 0x1p-11f + 0x1p-20f)).isEqualTo((short) 0x3c01);
        assertThat(HalfPrecision.toBFloat16(1f + 0x1p-8f)).isEqualTo((short) 0x3f80);
        assertThat(HalfPrecision.toBFloat16(1f + 0x1p-8f + 0x1p-20f)).isEqualTo((short) 0x3f81);
    }

    @Test
    void readsIntegerAndBooleanTensors() {
        assertThat(Tensor.ofInts(new int[] {1, -2}, 2).toLongArray()).containsExactly(1, -2);
        assertThat(Tensor.ofBooleans(new boolean[] {true, false}, 1, 2).toBooleanArray()).containsExactly(true, false);
        assertThat(Tensor.ofUint8(new byte[] {(byte) 255}, 1).toFloatArray()).containsExactly(255f);
        assertThatThrownBy(() -> Tensor.ofFloats(new float[1], 1).toLongArray())
                .hasMessageContaining("Cannot read float32 tensor as int64");
    }

    @Test
    void aSpecAcceptsDynamicDimensionsAndChecksFixedOnes() {
        TensorSpec spec = TensorSpec.of("pixel_values", DataType.FLOAT32, -1, 3, 2);

        assertThat(spec.accepts(Tensor.ofFloats(new float[12], 2, 3, 2))).isTrue();
        assertThat(spec.accepts(Tensor.ofFloats(new float[8], 2, 2, 2))).isFalse();
        assertThat(spec.accepts(Tensor.ofFloat16(new float[12], 2, 3, 2))).isFalse();
        assertThat(spec).hasToString("pixel_values: float32[-1, 3, 2]");
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -2)).hasMessageContaining("-2");
    }
}
