package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.trainer.DiTFixtures;
import io.unosynth.trainer.dit.DiTInput;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackpropTest {
    @Test
    void activationCheckpointingGivesTheSameLossAndGradients() throws Exception {
        checkpointingMatchesFullBackward(DataType.FLOAT32, 1e-5);
    }

    /**
     * Over a bf16 base: the same forward, so the same loss; gradients pass the blocks in bf16 (as in any bf16
     * autograd) and reach the LoRA tensors as float32. The bound allows bf16 precision (2^-8 of the largest value);
     * measured: identical, as in float32 (printed).
     */
    @Test
    void activationCheckpointingGivesTheSameLossAndGradientsOverABf16Base() throws Exception {
        checkpointingMatchesFullBackward(DataType.BFLOAT16, 0x1p-8);
    }

    private static void checkpointingMatchesFullBackward(DataType baseType, double tolerance) throws Exception {
        FluxDiT dit = new FluxDiT(DiTParams.MINIATURE);
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile loraFile = SafetensorsFile.open(DiTFixtures.path("dit_mini_lora.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, dit.parameterShapes(), manager, baseType);
            UnoLora lora = UnoLora.load(loraFile, DiTParams.MINIATURE, manager);
            lora.tensors().values().forEach(tensor -> tensor.setRequiresGradient(true));
            DiTInput input = DiTFixtures.input(io, manager);
            NDArray target = DiTFixtures.tensor(io, "expected", manager).mul(-1);

            float fullLoss = Backprop.full(dit, weights, lora, input, target, 0.5f);
            assertThat(lora.tensors().values()).allMatch(t -> t.getGradient().getDataType() == DataType.FLOAT32);
            Map<String, float[]> fullGradients = takeGradients(lora);
            float checkpointedLoss = Backprop.checkpointed(dit, weights, lora, input, target, 0.5f);
            Map<String, float[]> checkpointedGradients = takeGradients(lora);

            assertThat(checkpointedLoss).isEqualTo(fullLoss);
            assertThat(checkpointedGradients.keySet()).containsExactlyElementsOf(fullGradients.keySet());
            double[] worst = {0};
            fullGradients.forEach((key, expected) -> {
                float[] actual = checkpointedGradients.get(key);
                double scale = 1e-12;
                for (float value : expected) {
                    scale = Math.max(scale, Math.abs(value));
                }
                worst[0] = Math.max(worst[0], maxAbsDifference(actual, expected) / scale);
                assertThat(maxAbsDifference(actual, expected) / scale).as(key).isLessThan(tolerance);
                assertThat(scale).as(key + " is a real gradient").isGreaterThan(1e-8);
            });
            System.out.printf("checkpointed vs full backward over a %s base: largest gradient difference %.2e of "
                    + "the tensor's largest value%n", baseType, worst[0]);
        }
    }

    /** Copies and zeroes the LoRA gradients. */
    static Map<String, float[]> takeGradients(UnoLora lora) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        lora.tensors().forEach((key, tensor) -> {
            NDArray gradient = tensor.getGradient();
            gradients.put(key, gradient.toFloatArray());
            gradient.subi(gradient);
        });
        return gradients;
    }

    static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
