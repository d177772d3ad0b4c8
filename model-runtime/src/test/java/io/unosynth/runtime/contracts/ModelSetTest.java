package io.unosynth.runtime.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.registry.ModelLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSetTest {
    @TempDir
    Path directory;

    @Test
    void contractsAreBuiltOnceAndTheSessionIsReleasedTheIdleTimeAfterTheLastClose() throws InterruptedException {
        ModelLoader loader = DemoContracts.loader(DemoContracts.write(directory),
                Map.of("models.idle-timeout", "3s"));
        RgbImage image = RgbImage.blank(32, 32);
        ModelSet first = new ModelSet(loader, ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT);
        DinoEmbedder dino = first.dino();
        assertThat(first.dino()).isSameAs(dino);
        try (ModelSet second = new ModelSet(loader, ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            float[] fromSecond = second.dino().embed(image);
            first.close();
            // the second set's lease keeps the shared session open
            assertThat(second.dino().embed(image)).containsExactly(fromSecond);
            assertThatThrownBy(first::dino).hasMessage("Cannot open model 'dino': the model set is closed");
        }
        assertThat(dino.embed(image)).as("kept loaded for the idle time").hasSize(64);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                dino.embed(image);
                Thread.sleep(20);
            } catch (IllegalStateException e) {
                break;
            }
        }
        assertThatThrownBy(() -> dino.embed(image))
                .hasMessage("Cannot run model 'dino': its session is closed");
    }

    @Test
    void anUnconfiguredModelIsNamed() {
        ModelLoader loader = DemoContracts.loader(DemoContracts.write(directory), Map.of());
        try (ModelSet models = new ModelSet(loader, new ModelNames("flux", "t5", "clip", "vae-decoder",
                "vae-encoder", "dino-large", "owl"), List.of(), BatchSize.DEFAULT)) {
            assertThatThrownBy(models::dino).hasMessageContaining("no model 'dino-large'");
        }
    }
}
