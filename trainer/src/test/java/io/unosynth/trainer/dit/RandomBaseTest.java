package io.unosynth.trainer.dit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomBaseTest {
    private static byte[] written(DiTParams params, long seed) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RandomBase.write(params, seed, out);
        return out.toByteArray();
    }

    @Test
    void aSeededBaseIsByteIdenticalLoadsAsTheModelAndSaysItIsRandom(@TempDir Path dir) throws Exception {
        DiTParams params = DiTParams.MINIATURE.withTextWidths(24, 16);
        byte[] bytes = written(params, 7);
        assertThat(written(params, 7)).isEqualTo(bytes);
        assertThat(written(params, 8)).isNotEqualTo(bytes);

        Path file = dir.resolve("base.safetensors");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
        try (SafetensorsFile base = SafetensorsFile.open(file); NDManager manager = NDManager.newBaseManager()) {
            assertThat(base.metadata()).containsEntry(RandomBase.METADATA_KEY, RandomBase.METADATA_VALUE);
            FluxDiT dit = new FluxDiT(params);
            Weights weights = Weights.load(base, dit.parameterShapes(), manager, DataType.FLOAT32);
            assertThat(weights.all()).hasSameSizeAs(dit.parameterShapes().shapes());
            assertThat(weights.get("txt_in.weight").getShape().get(1)).isEqualTo(24);
        }
    }
}
