package io.unosynth.runtime.spi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ModelSpec.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {
    @Test
    void aHalfPrecisionExportWithFloat32PositionIdsMatchesItsPrecision() {
        ModelSignature bf16Flux = new ModelSignature(List.of(
                TensorSpec.of("hidden_states", DataType.BFLOAT16, -1, -1, 64),
                TensorSpec.of("img_ids", DataType.FLOAT32, -1, 3)), List.of());
        ModelSignature fp32 = new ModelSignature(List.of(TensorSpec.of("x", DataType.FLOAT32, -1)), List.of());

        assertThatCode(() -> bf16Flux.checkPrecision("flux", Precision.BF16)).doesNotThrowAnyException();
        assertThatCode(() -> fp32.checkPrecision("dino", Precision.AUTO)).doesNotThrowAnyException();
        assertThatThrownBy(() -> bf16Flux.checkPrecision("flux", Precision.FP16))
                .hasMessage("Invalid precision of model 'flux': config says fp16 but input 'hidden_states' is bfloat16;"
                        + " use the matching export or precision = auto");
        assertThatThrownBy(() -> fp32.checkPrecision("dino", Precision.BF16))
                .hasMessageContaining("config says bf16 but input 'x' is float32");
    }
}
