package io.unosynth.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DinoEmbeddingTest {
    @TempDir
    Path directory;

    @Test
    void overlappedEmbeddingsEqualTheContractsOwnInInputOrder() {
        List<String> names = List.of(Photos.CHELSEA, Photos.COFFEE, Photos.ROCKET, Photos.ASTRONAUT, Photos.CHELSEA);
        List<EncodedImage> images = names.stream().map(name -> new EncodedImage(name, Photos.png(name))).toList();
        try (DemoContracts.Leased dino = DemoContracts.open(
                DemoContracts.loader(DemoContracts.write(directory), Map.of()), "dino")) {
            DinoEmbedder embedder = new DinoEmbedder(dino.session(), new BatchSize(2));
            float[][] expected = embedder.embed(images.stream()
                    .map(image -> ImageCodec.decode(image.bytes(), image.name())).toList());

            List<float[]> embeddings;
            try (var pipeline = DinoEmbedding.overlapped(embedder, new OverlappedInference.Settings(2, 2, 2))) {
                embeddings = pipeline.apply(images);
            }

            assertThat(embeddings).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(embeddings.get(i)).as(names.get(i)).containsExactly(expected[i], within(1e-5f));
            }
            assertThat(DinoEmbedder.cosine(embeddings.get(0), embeddings.get(4))).isCloseTo(1, within(1e-6));
            assertThat(DinoEmbedder.cosine(embeddings.get(0), embeddings.get(1))).isLessThan(0.999);
        }
    }

    @Test
    void anUndecodableImageIsNamed() {
        try (DemoContracts.Leased dino = DemoContracts.open(
                DemoContracts.loader(DemoContracts.write(directory), Map.of()), "dino");
                var pipeline = DinoEmbedding.overlapped(new DinoEmbedder(dino.session(), new BatchSize(2)),
                        new OverlappedInference.Settings(1, 2, 2))) {
            List<EncodedImage> images = List.of(new EncodedImage("ok.png", Photos.png(Photos.COFFEE)),
                    new EncodedImage("s3a://bucket/broken.png", new byte[] {1, 2, 3}));

            assertThatThrownBy(() -> pipeline.apply(images))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_INPUT))
                    .hasMessageStartingWith("Cannot preprocess input 's3a://bucket/broken.png' (#1): "
                            + "Cannot decode image s3a://bucket/broken.png: not a PNG");
        }
    }

    @Test
    void prebuiltPixelsOfTheWrongSizeAreRefused() {
        try (DemoContracts.Leased dino = DemoContracts.open(
                DemoContracts.loader(DemoContracts.write(directory), Map.of()), "dino")) {
            DinoEmbedder embedder = new DinoEmbedder(dino.session(), new BatchSize(2));

            assertThatThrownBy(() -> embedder.embedPixels(new float[3 * 224 * 224], 2))
                    .hasMessage("Invalid pixel values: 150528 floats for 2 images, expected 301056");
        }
    }
}
