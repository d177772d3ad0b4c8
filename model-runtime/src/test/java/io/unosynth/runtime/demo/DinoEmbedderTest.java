package io.unosynth.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import io.unosynth.runtime.demo.OrtRunner.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DinoEmbedderTest {
    @TempDir
    Path directory;

    @Test
    void writesAVitSmall14SizedEmbedderWithTheSameContract() throws IOException, OrtException {
        Path file = directory.resolve("vit-s14.onnx");
        DinoEmbedder.write(DinoEmbedder.Params.VIT_S14, 1, file);
        // ~21.7M float32 parameters, as DINOv2 ViT-S/14 (22M with its extra register/mask tokens)
        assertThat(Files.size(file)).isBetween(84_000_000L, 90_000_000L);
        try (OrtRunner embedder = new OrtRunner(file)) {
            Output pooled = embedder.floats("pixel_values", OrtRunner.random(1, 3 * 224 * 224), 1, 3, 224, 224).run()
                    .get("pooler_output");
            assertThat(pooled.shape()).containsExactly(1, 384);
            assertThat(OrtRunner.allFinite(pooled.values())).isTrue();
        }
    }

    @Test
    void addsAClassifierHeadWithoutChangingTheEmbedder() throws IOException, OrtException {
        Path plain = directory.resolve("plain.onnx");
        Path classifier = directory.resolve("classifier.onnx");
        DinoEmbedder.write(DinoEmbedder.Params.DEMO, 3, plain);
        DinoEmbedder.writeWithClassifier(DinoEmbedder.Params.DEMO, 10, 3, classifier);
        float[] pixels = OrtRunner.random(2, 2 * 3 * 224 * 224);
        try (OrtRunner embedder = new OrtRunner(plain); OrtRunner classified = new OrtRunner(classifier)) {
            Output expected = embedder.floats("pixel_values", pixels, 2, 3, 224, 224).run().get("pooler_output");
            var outputs = classified.floats("pixel_values", pixels, 2, 3, 224, 224).run();
            assertThat(outputs.get("pooler_output").values()).containsExactly(expected.values());
            Output logits = outputs.get("logits");
            assertThat(logits.shape()).containsExactly(2, 10);
            assertThat(OrtRunner.allFinite(logits.values())).isTrue();
            // random weights still tell images apart
            assertThat(OrtRunner.maxAbsDifference(OrtRunner.row(logits.values(), 0, 10),
                    OrtRunner.row(logits.values(), 1, 10))).isGreaterThan(1e-3);
        }
        assertThatThrownBy(() -> DinoEmbedder.writeWithClassifier(DinoEmbedder.Params.DEMO, 0, 3, classifier))
                .hasMessage("Invalid classifier labels: 0");
    }

    @Test
    void rejectsInconsistentSizes() {
        assertThatThrownBy(() -> new DinoEmbedder.Params(224, 15, 384, 12, 6, 4))
                .hasMessage("Invalid embedder image size: 224 is not a multiple of patch size 15");
        assertThatThrownBy(() -> new DinoEmbedder.Params(224, 14, 384, 12, 5, 4))
                .hasMessage("Invalid embedder width: 384 is not divisible by 5 heads");
    }

    @Test
    void reportsAnUnwritableTarget() throws IOException {
        Path blocker = Files.createFile(directory.resolve("not-a-directory"));
        assertThatThrownBy(() -> DemoModels.write(blocker, 1))
                .hasMessageStartingWith("Cannot write demo model file " + blocker.resolve("embedder"));
    }
}
