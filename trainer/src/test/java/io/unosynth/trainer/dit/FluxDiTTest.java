package io.unosynth.trainer.dit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.trainer.DiTFixtures;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;

class FluxDiTTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void forwardEqualsIndependentPyTorchImplementationWithUnoPeReference() throws Exception {
        FluxDiT dit = new FluxDiT(DiTParams.MINIATURE);
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, dit.parameterShapes(), manager, DataType.FLOAT32);
            NDArray out = dit.forward(weights, LinearAdapter.NONE, DiTFixtures.input(io, manager));

            NDArray expected = DiTFixtures.tensor(io, "expected", manager);
            assertThat(out.getShape()).isEqualTo(expected.getShape());
            assertThat(out.getShape().get(1)).as("only the 16 target tokens come out, not the 9 reference tokens")
                    .isEqualTo(16);
            assertThat(maxAbsDifference(out, expected)).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void referenceTokensChangeTheTargetPrediction() throws Exception {
        FluxDiT dit = new FluxDiT(DiTParams.MINIATURE);
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(DiTFixtures.path("dit_mini_io.safetensors"))) {
            Weights weights = Weights.load(weightsFile, dit.parameterShapes(), manager, DataType.FLOAT32);
            DiTInput full = DiTFixtures.input(io, manager);
            float[] targetIds = java.util.Arrays.copyOf(full.imgIds(), 16 * 3);
            DiTInput targetOnly = new DiTInput(full.img().get(":, :16"), targetIds, full.txt(), full.txtIds(),
                    full.timesteps(), full.y(), full.guidance(), 16);

            NDArray withReference = dit.forward(weights, LinearAdapter.NONE, full);
            NDArray without = dit.forward(weights, LinearAdapter.NONE, targetOnly);

            assertThat(maxAbsDifference(withReference, without)).isGreaterThan(1e-3);
        }
    }

    @Test
    void weightsWithAWrongShapeAreRefusedNamingTheTensor() throws Exception {
        DiTParams wider = new DiTParams(64, 64, 32, 48, 128, 4.0, 8, 2, 2, java.util.List.of(4, 6, 6), 10_000,
                true, true);
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsFile weightsFile = SafetensorsFile.open(DiTFixtures.path("dit_mini.safetensors"))) {
            assertThatThrownBy(() -> Weights.load(weightsFile, new FluxDiT(wider).parameterShapes(), manager,
                    DataType.FLOAT32))
                    .hasMessageContaining("tensor 'img_in.weight' has shape [64, 64], the model needs [128, 64]");
        }
    }

    static double maxAbsDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
