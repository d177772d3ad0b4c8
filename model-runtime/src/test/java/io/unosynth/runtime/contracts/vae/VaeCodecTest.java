package io.unosynth.runtime.contracts.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.sampling.LatentCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaeCodecTest {
    @TempDir
    Path directory;

    @Test
    void scalingIsTheFluxScaleAndShiftAndItsInverse() {
        assertThat(VaeScaling.toVae(new float[] {0f, 0.3611f})).containsExactly(0.1159f, 1.1159f);
        assertThat(VaeScaling.fromVae(new float[] {0.1159f, 1.1159f})[1]).isCloseTo(0.3611f, within(1e-6f));
        float[] z = {-2.5f, 0.25f, 3f};
        float[] back = VaeScaling.fromVae(VaeScaling.toVae(z));
        for (int i = 0; i < z.length; i++) {
            assertThat(back[i]).isCloseTo(z[i], within(1e-5f));
        }
    }

    @Test
    void decodesBatchesToImagesEightTimesLargerAndEncodesToLatents() {
        Random random = new Random(5);
        int batch = 3;
        float[] latents = new float[batch * LatentCodec.CHANNELS * 4 * 6];
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        try (ModelSet pairs = open(2); ModelSet singles = open(1)) {
            List<RgbImage> images = pairs.vae().decode(latents, batch, 4, 6);
            assertThat(images).hasSize(batch);
            for (RgbImage image : images) {
                assertThat(image.width()).isEqualTo(48);
                assertThat(image.height()).isEqualTo(32);
            }
            assertThat(images.get(0)).isNotEqualTo(images.get(1));
            assertThat(singles.vae().decode(latents, batch, 4, 6)).isEqualTo(images);

            RgbImage photo = new Crop(0, 0, 64, 48).apply(Photos.load(Photos.COFFEE));
            float[] latent = pairs.vae().encode(photo);
            assertThat(latent).hasSize(LatentCodec.CHANNELS * 6 * 8);
            for (float value : latent) {
                assertThat(Float.isFinite(value)).isTrue();
            }
            assertThat(pairs.vae().encode(photo)).containsExactly(latent);
            assertThatThrownBy(() -> pairs.vae().encode(RgbImage.blank(24, 16)))
                    .hasMessage("Invalid image for the VAE encoder: 24x16, sides must be multiples of 16");
        }
    }

    private ModelSet open(int batchSize) {
        return new ModelSet(DemoContracts.loader(DemoContracts.write(directory.resolve("b" + batchSize)), Map.of()),
                ModelNames.DEFAULT, List.of(), new BatchSize(batchSize));
    }
}
