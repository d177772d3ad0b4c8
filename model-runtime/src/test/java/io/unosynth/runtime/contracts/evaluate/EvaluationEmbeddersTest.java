package io.unosynth.runtime.contracts.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.Crop;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.contracts.clip.ClipImagePreprocessor;
import io.unosynth.runtime.contracts.clip.ClipImageEmbedder;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoPostprocessor;
import io.unosynth.runtime.contracts.dino.DinoV1Embedder;
import io.unosynth.runtime.contracts.dino.DinoV1Preprocessor;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModels;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.spi.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation embedders (DINO v1, CLIP image and text with projection) on the demo models. */
class EvaluationEmbeddersTest {
    @TempDir
    static Path directory;

    private static ModelLoader loader;
    private static ModelSet models;
    private static RgbImage chelsea;
    private static RgbImage coffee;

    @BeforeAll
    static void open() {
        DemoBundle bundle = DemoContracts.write(directory);
        loader = DemoContracts.loader(bundle, Map.of());
        models = new ModelSet(loader, ModelNames.DEFAULT, List.of(), new BatchSize(2));
        chelsea = Photos.load(Photos.CHELSEA);
        coffee = Photos.load(Photos.COFFEE);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void dinoV1PreprocessingIsResize256BicubicCrop224ImageNet() {
        // the fixture is 256x170: shortest edge to 256 gives 386 x 256, crop from (81, 16)
        float[] expected = PixelNormalization.IMAGENET.toChw(new Crop(81, 16, 224, 224)
                .apply(new Resize(386, 256, ResampleFilter.BICUBIC).apply(chelsea)));
        assertThat(DinoV1Preprocessor.toPixels(List.of(chelsea))).containsExactly(expected);
    }

    @Test
    void clipPreprocessingIsResize224BicubicCrop224ClipStatistics() {
        // 256x170: shortest edge to 224 gives 337.3 -> 337 x 224, crop from (56, 0)
        float[] expected = PixelNormalization.CLIP.toChw(new Crop(56, 0, 224, 224)
                .apply(new Resize(337, 224, ResampleFilter.BICUBIC).apply(chelsea)));
        assertThat(ClipImagePreprocessor.toPixels(List.of(chelsea))).containsExactly(expected);
    }

    @Test
    void dinoV1EmbeddingIsTheNormalisedClsRowOfTheLastHiddenState() {
        float[][] embedded = models.dinoV1().embed(List.of(chelsea, coffee, chelsea));
        try (DemoContracts.Leased raw = DemoContracts.open(loader, ModelNames.DEFAULT.dinoV1())) {
            float[] pixels = DinoV1Preprocessor.toPixels(List.of(coffee));
            Tensor hidden = raw.session().run(Map.of(DinoV1Embedder.PIXEL_VALUES,
                    Tensor.ofFloats(pixels, 1, 3, 224, 224)), List.of(DinoV1Embedder.LAST_HIDDEN_STATE))
                    .get(DinoV1Embedder.LAST_HIDDEN_STATE);
            assertThat(hidden.shape()).containsExactly(1, 197, DemoModels.EVALUATION_IMAGE_WIDTH);
            float[] cls = new float[DemoModels.EVALUATION_IMAGE_WIDTH];
            System.arraycopy(hidden.toFloatArray(), 0, cls, 0, cls.length);
            float[] expected = DinoPostprocessor.l2Normalize(cls);
            for (int i = 0; i < cls.length; i++) {
                assertThat(embedded[1][i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
        assertUnit(embedded[0]);
        assertThat(DinoEmbedder.cosine(embedded[0], embedded[2])).isCloseTo(1.0, within(1e-6));
        assertThat(DinoEmbedder.cosine(embedded[0], embedded[1])).isLessThan(0.999);
    }

    @Test
    void clipImageEmbeddingsAreUnitVectorsOfTheProjectionWidthAndBatchIndependent() {
        float[][] batched = models.clipVision().embed(List.of(chelsea, coffee, chelsea));
        try (DemoContracts.Leased raw = DemoContracts.open(loader, ModelNames.DEFAULT.clipVision())) {
            float[][] single = new ClipImageEmbedder(raw.session(), new BatchSize(1)).embed(List.of(coffee));
            assertThat(DinoEmbedder.cosine(single[0], batched[1])).isCloseTo(1.0, within(1e-6));
        }
        assertThat(batched[0]).hasSize(DemoModels.CLIP_PROJECTION);
        assertUnit(batched[1]);
        assertThat(DinoEmbedder.cosine(batched[0], batched[2])).isCloseTo(1.0, within(1e-6));
        assertThat(DinoEmbedder.cosine(batched[0], batched[1])).isLessThan(0.999);
    }

    @Test
    void clipTextEmbeddingsShareTheImageSpaceWidthAndFollowTheText() {
        float[][] texts = models.clipTextProjected().embed(List.of("a photo of a cat", "a red mug",
                "a photo of a cat"));
        assertThat(texts[0]).hasSize(DemoModels.CLIP_PROJECTION);
        assertUnit(texts[1]);
        assertThat(texts[0]).containsExactly(texts[2]);
        assertThat(DinoEmbedder.cosine(texts[0], texts[1])).isLessThan(0.999);
        float[] image = models.clipVision().embed(List.of(chelsea))[0];
        assertThat(DinoEmbedder.cosine(image, texts[0])).isBetween(-1.0, 1.0);
    }

    @Test
    void aModelWithoutTheContractOutputFailsNamingTheKeyToSet() {
        try (DemoContracts.Leased dino = DemoContracts.open(loader, ModelNames.DEFAULT.dino())) {
            assertThatThrownBy(() -> new ClipImageEmbedder(dino.session(), BatchSize.DEFAULT))
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("no output 'image_embeds'")
                    .hasMessageContaining("models.dino.output.image_embeds");
        }
    }

    @Test
    void exportNamesAreConfigValues() {
        // An export whose projected output is called differently is mapped with models.<name>.output.<contract>.
        ModelLoader renamed = DemoContracts.loader(DemoContracts.write(directory.resolve("renamed")),
                Map.of("models.clip-vision.output.image_embeds", "last_hidden_state"));
        try (DemoContracts.Leased raw = DemoContracts.open(renamed, ModelNames.DEFAULT.clipVision())) {
            // last_hidden_state is rank 3, so the contract's shape check names the model and output
            assertThatThrownBy(() -> new ClipImageEmbedder(raw.session(), BatchSize.DEFAULT).embed(List.of(chelsea)))
                    .hasMessageContaining("clip-vision").hasMessageContaining("image_embeds");
        }
    }

    private static void assertUnit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }
}
