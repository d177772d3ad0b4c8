package io.unosynth.trainer.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    private static final float[] VALUES = {1.0f, -2.5f, 0.15625f, 65504f, 6.1035156e-5f, 5.9604645e-8f};

    @Test
    void roundTripsEveryDtype(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            new SafetensorsWriter(Map.of("format", "pt"))
                    .add("f32", TensorDtype.F32, new long[] {2, 3}, VALUES)
                    .add("f16", TensorDtype.F16, new long[] {6}, VALUES)
                    .add("bf16", TensorDtype.BF16, new long[] {3, 2}, new float[] {1f, -2.5f, 0.15625f, 3f, 0f, -0f})
                    .writeTo(out);
        }
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertThat(read.entries().keySet()).containsExactly("f32", "f16", "bf16");
            assertThat(read.metadata()).containsEntry("format", "pt");
            assertThat(read.entry("f32").shape()).containsExactly(2, 3);
            assertThat(read.readFloats("f32")).containsExactly(VALUES);
            assertThat(read.readFloats("f16")).as("all exactly representable in binary16").containsExactly(VALUES);
            assertThat(read.readFloats("bf16")).containsExactly(1f, -2.5f, 0.15625f, 3f, 0f, -0f);
        }
        assertThat(Files.size(file) % 8).isEqualTo(0);
    }

    @Test
    void halfAndBfloat16RoundToNearestEven() {
        assertThat(TensorDtype.halfToFloat(TensorDtype.floatToHalf(1.0f + 0x1p-11f))).isEqualTo(1.0f);
        assertThat(TensorDtype.halfToFloat(TensorDtype.floatToHalf(1.0f + 0x1p-11f + 0x1p-20f)))
                .isEqualTo(1.0f + 0x1p-10f);
        assertThat(TensorDtype.halfToFloat(TensorDtype.floatToHalf(1e6f))).isInfinite();
        assertThat(Float.intBitsToFloat((TensorDtype.floatToBfloat16(1.0f + 0x1p-8f) & 0xffff) << 16))
                .isEqualTo(1.0f);
        assertThat(Float.intBitsToFloat((TensorDtype.floatToBfloat16(1.0f + 0x1p-8f + 0x1p-12f) & 0xffff) << 16))
                .isEqualTo(1.0f + 0x1p-7f);
    }

    @Test
    void writerOutputIsByteIdenticalForIdenticalInput() throws Exception {
        assertThat(write()).isEqualTo(write());
    }

    @Test
    void refusesBadFilesNamingTheProblem(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("truncated.safetensors");
        byte[] header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        Files.write(truncated, bytes.array());
        assertThatThrownBy(() -> SafetensorsFile.open(truncated))
                .hasMessageContaining("Invalid safetensors file " + truncated)
                .hasMessageContaining("tensor 'w' has byte range [0, 16) for 4 F32 values in 8 data bytes");

        Path intTensor = dir.resolve("int.safetensors");
        byte[] intHeader = "{\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer intBytes = ByteBuffer.allocate(8 + intHeader.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        intBytes.putLong(intHeader.length).put(intHeader);
        Files.write(intTensor, intBytes.array());
        assertThatThrownBy(() -> SafetensorsFile.open(intTensor))
                .hasMessage("Invalid dtype 'I64' of tensor 'i': expected F32, F16 or BF16");
    }

    private static byte[] write() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SafetensorsWriter(Map.of("b", "2", "a", "1")).add("x", TensorDtype.BF16, new long[] {6}, VALUES)
                .writeTo(out);
        return out.toByteArray();
    }
}
