package io.unosynth.trainer.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.trainer.DiTFixtures;
import io.unosynth.trainer.dit.DiTInput;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.LinearAdapter;
import io.unosynth.trainer.dit.ParameterShapes;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import io.unosynth.trainer.safetensors.TensorDtype;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnoLoraTest {
    private static final FluxDiT DIT = new FluxDiT(DiTParams.MINIATURE);

    @Test
    void freshLoraWithZeroUpLeavesTheOutputUnchanged() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, DIT.parameterShapes(), manager, DataType.FLOAT32);
            DiTInput input = DiTFixtures.input(io, manager);
            UnoLora lora = UnoLora.initialize(DiTParams.MINIATURE, 4, 7, manager);

            NDArray base = DIT.forward(weights, LinearAdapter.NONE, input);
            NDArray adapted = DIT.forward(weights, lora, input);

            assertThat(adapted.toFloatArray()).containsExactly(base.toFloatArray());
            assertThat(lora.tensors().get("single_blocks.1.processor.proj_lora.down.weight").abs().max().getFloat())
                    .as("down is random").isGreaterThan(0f);
        }
    }

    @Test
    void downIsDrawnWithStandardDeviationOneOverRank() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UnoLora lora = UnoLora.initialize(DiTParams.MINIATURE, 8, 1, manager);
            NDArray down = lora.tensors().get("single_blocks.0.processor.proj_lora.down.weight"); // [8, 320]
            double std = Math.sqrt(down.square().mean().getFloat());
            assertThat(std).isBetween(0.9 / 8, 1.1 / 8);
        }
    }

    @Test
    void importedUnoLoraEqualsPyTorchLoraProcessors() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile loraFile = SafetensorsFile.open(DiTFixtures.path("dit_mini_lora.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, DIT.parameterShapes(), manager, DataType.FLOAT32);
            UnoLora lora = UnoLora.load(loraFile, DiTParams.MINIATURE, manager);

            NDArray out = DIT.forward(weights, lora, DiTFixtures.input(io, manager));

            assertThat(lora.rank()).isEqualTo(4);
            NDArray expected = DiTFixtures.tensor(io, "expected_lora", manager);
            assertThat(out.sub(expected).abs().max().getFloat()).isLessThanOrEqualTo(1e-4f);
            NDArray base = DiTFixtures.tensor(io, "expected", manager);
            assertThat(out.sub(base).abs().max().getFloat()).as("the LoRA matters").isGreaterThan(1e-3f);
        }
    }

    @Test
    void fluxDevAtRank512HasUnoKeyNamesAndShapes() {
        ParameterShapes shapes = UnoLora.shapes(DiTParams.FLUX_DEV, 512);

        assertThat(shapes.shapes()).hasSize(19 * 4 * 2 + 38 * 2 * 2);
        assertThat(shapes.shape("double_blocks.0.processor.qkv_lora1.down.weight")).containsExactly(512, 3072);
        assertThat(shapes.shape("double_blocks.0.processor.qkv_lora1.up.weight")).containsExactly(9216, 512);
        assertThat(shapes.shape("double_blocks.18.processor.proj_lora2.down.weight")).containsExactly(512, 3072);
        assertThat(shapes.shape("double_blocks.18.processor.proj_lora2.up.weight")).containsExactly(3072, 512);
        assertThat(shapes.shape("single_blocks.37.processor.qkv_lora.up.weight")).containsExactly(9216, 512);
        assertThat(shapes.shape("single_blocks.37.processor.proj_lora.down.weight")).containsExactly(512, 15360);
        assertThat(shapes.shape("single_blocks.37.processor.proj_lora.up.weight")).containsExactly(3072, 512);
        assertThat(shapes.shapes().keySet()).allMatch(key -> key.matches(
                "(double_blocks\\.\\d+\\.processor\\.(qkv|proj)_lora[12]|single_blocks\\.\\d+\\.processor\\."
                        + "(qkv|proj)_lora)\\.(down|up)\\.weight"));
        assertThat(shapes.totalParameters()).as("~956M, as REFERENCE section 3 says").isEqualTo(956_301_312L);
    }

    @Test
    void saveAndLoadRoundTripsInUnoLayout(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            UnoLora lora = UnoLora.initialize(DiTParams.MINIATURE, 4, 3, manager);
            Path file = dir.resolve("dit_lora.safetensors");
            try (OutputStream out = Files.newOutputStream(file)) {
                lora.save(out, TensorDtype.F32);
            }
            try (SafetensorsFile saved = SafetensorsFile.open(file)) {
                UnoLora loaded = UnoLora.load(saved, DiTParams.MINIATURE, manager);
                assertThat(saved.entries().keySet()).containsExactlyElementsOf(lora.tensors().keySet());
                lora.tensors().forEach((key, tensor) ->
                        assertThat(loaded.tensors().get(key).toFloatArray()).as(key)
                                .containsExactly(tensor.toFloatArray()));
            }
        }
    }
}
