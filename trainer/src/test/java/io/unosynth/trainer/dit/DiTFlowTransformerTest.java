package io.unosynth.trainer.dit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.trainer.DiTFixtures;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

class DiTFlowTransformerTest {
    @Test
    void predictsEveryImageTokenAndTheTargetTokensEqualPyTorch() throws Exception {
        FluxDiT dit = new FluxDiT(DiTParams.MINIATURE);
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile loraFile = SafetensorsFile.open(DiTFixtures.path("dit_mini_lora.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, dit.parameterShapes(), manager, DataType.FLOAT32);
            UnoLora lora = UnoLora.load(loraFile, DiTParams.MINIATURE, manager);
            DiTFlowTransformer transformer = new DiTFlowTransformer(dit, weights, lora, manager);
            PromptEmbeddings text = new PromptEmbeddings(2, 8, 48, DiTFixtures.floats(io, "txt"), 32,
                    DiTFixtures.floats(io, "y"));
            FlowInput input = new FlowInput(2, 25, DiTFixtures.floats(io, "img"), text,
                    DiTFixtures.floats(io, "timesteps"), DiTFixtures.floats(io, "img_ids"),
                    DiTFixtures.floats(io, "txt_ids"), DiTFixtures.floats(io, "guidance"));

            float[] out = transformer.predict(input);

            assertThat(out).hasSize(2 * 25 * 64);
            float[] expected = DiTFixtures.floats(io, "expected_lora"); // [2, 16, 64]: the target tokens
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 16 * 64; i++) {
                    assertThat((double) out[b * 25 * 64 + i])
                            .isCloseTo(expected[b * 16 * 64 + i], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }
}
