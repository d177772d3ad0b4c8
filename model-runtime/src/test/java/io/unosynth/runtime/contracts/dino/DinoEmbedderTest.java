package io.unosynth.runtime.contracts.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.RetypedSession;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModels;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DinoEmbedderTest {
    @TempDir
    static Path directory;

    private static ModelLoader loader;
    private static DemoContracts.Leased dino;
    private static RgbImage chelsea;
    private static RgbImage coffee;

    @BeforeAll
    static void open() {
        DemoBundle bundle = DemoContracts.write(directory);
        loader = DemoContracts.loader(bundle, Map.of());
        dino = DemoContracts.open(loader, "dino");
        chelsea = Photos.load(Photos.CHELSEA);
        coffee = Photos.load(Photos.COFFEE);
    }

    @AfterAll
    static void close() {
        dino.close();
    }

    @Test
    void preprocessingResizesTheShortestEdgeCropsTheCentreAndNormalises() {
        // 400x300 with a white 10 px border on the left: after resize (341x256) and centre crop (from x=58) the
        // border is cut away, so every value is the solid colour's, normalised with ImageNet statistics.
        byte[] pixels = new byte[400 * 300 * 3];
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                int i = (y * 400 + x) * 3;
                boolean border = x < 10;
                pixels[i] = (byte) (border ? 255 : 200);
                pixels[i + 1] = (byte) (border ? 255 : 100);
                pixels[i + 2] = (byte) (border ? 255 : 0);
            }
        }
        float[] out = new float[1 + DinoPreprocessor.IMAGE_VALUES];
        DinoPreprocessor.toPixels(new RgbImage(400, 300, pixels), out, 1);
        assertThat(out[0]).isZero();
        int plane = 224 * 224;
        assertThat(out[1]).isCloseTo((200 / 255f - 0.485f) / 0.229f, within(1e-5f));
        assertThat(out[1 + plane + 5000]).isCloseTo((100 / 255f - 0.456f) / 0.224f, within(1e-5f));
        assertThat(out[1 + 2 * plane + 7000]).isCloseTo((0 - 0.406f) / 0.225f, within(1e-5f));
    }

    @Test
    void preprocessingOfAPhotoMatchesTheCoreOpsComposedByHand() {
        // the fixture is 256x170: shortest edge to 256 gives 385.5 -> 386 x 256, crop from (81, 16)
        assertThat(chelsea.width()).isEqualTo(256);
        assertThat(chelsea.height()).isEqualTo(170);
        float[] expected = PixelNormalization.IMAGENET.toChw(new Crop(81, 16, 224, 224)
                .apply(new Resize(386, 256, ResampleFilter.BICUBIC).apply(chelsea)));
        float[] out = new float[DinoPreprocessor.IMAGE_VALUES];
        DinoPreprocessor.toPixels(chelsea, out, 0);
        assertThat(out).containsExactly(expected);
    }

    @Test
    void cropsNormalisedIntoAReusedDirectBufferEmbedAsThePixelArrays() {
        DinoEmbedder embedder = new DinoEmbedder(dino.session(), BatchSize.DEFAULT);
        float[] pixels = DinoPreprocessor.toPixels(List.of(chelsea, coffee));
        FloatBuffer direct = ByteBuffer.allocateDirect(3 * DinoPreprocessor.IMAGE_VALUES * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.limit(2 * DinoPreprocessor.IMAGE_VALUES);
        DinoPreprocessor.normalize(DinoPreprocessor.crop(chelsea), direct, 0);
        DinoPreprocessor.normalize(DinoPreprocessor.crop(coffee), direct, DinoPreprocessor.IMAGE_VALUES);

        float[][] fromArray = embedder.embedPixels(pixels, 2);
        float[][] fromBuffer = embedder.embedPixels(direct, 2);
        // The buffer is read in place, not copied: what it holds at the call is what is embedded.
        DinoPreprocessor.normalize(DinoPreprocessor.crop(chelsea), direct, DinoPreprocessor.IMAGE_VALUES);
        float[][] twice = embedder.embedPixels(direct, 2);

        for (int i = 0; i < 2; i++) {
            assertThat(fromBuffer[i]).containsExactly(fromArray[i]);
        }
        assertThat(twice[1]).containsExactly(fromArray[0]);
        assertThatThrownBy(() -> DinoPreprocessor.normalize(chelsea, direct, 0))
                .hasMessageContaining("Invalid DINOv2 crop: RgbImage[256x170], expected 224x224");
        assertThatThrownBy(() -> embedder.embedPixels(direct.limit(5), 1))
                .hasMessageContaining("Invalid pixel values: 5 floats for 1 images");
    }

    @Test
    void embeddingsAreUnitVectorsOfTheModelWidth() {
        float[][] embeddings = new DinoEmbedder(dino.session(), BatchSize.DEFAULT).embed(List.of(chelsea, coffee));
        assertThat(embeddings).hasNumberOfRows(2);
        for (float[] embedding : embeddings) {
            assertThat(embedding).hasSize(DemoModels.EMBEDDER_WIDTH);
            assertThat(DinoEmbedder.cosine(embedding, embedding)).isCloseTo(1.0, within(1e-6));
            double norm = 0;
            for (float value : embedding) {
                norm += value * value;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void theSameImageScoresOneAndADifferentPhotoLower() {
        DinoEmbedder embedder = new DinoEmbedder(dino.session(), new BatchSize(2));
        // The crop keeps the cat's face: nearer to chelsea than coffee is, even through random weights, because
        // it shares most pixel statistics (colours, textures) with the original while the other photo shares none.
        RgbImage chelseaCrop = new Crop(40, 10, 180, 150).apply(chelsea);
        float[][] e = embedder.embed(List.of(chelsea, chelsea, coffee, chelseaCrop));
        double same = DinoEmbedder.cosine(e[0], e[1]);
        double crop = DinoEmbedder.cosine(e[0], e[3]);
        double different = DinoEmbedder.cosine(e[0], e[2]);
        assertThat(same).isCloseTo(1.0, within(1e-6));
        assertThat(different).isLessThan(same - 1e-3);
        assertThat(crop).isLessThan(same).isGreaterThan(different);
        System.out.printf("DINO demo cosine: same %.6f, crop %.6f, different %.6f%n", same, crop, different);
    }

    @Test
    void batchingDoesNotChangeEmbeddings() {
        float[][] together = new DinoEmbedder(dino.session(), new BatchSize(3)).embed(List.of(chelsea, coffee,
                chelsea));
        float[][] single = new DinoEmbedder(dino.session(), new BatchSize(1)).embed(List.of(chelsea, coffee,
                chelsea));
        for (int i = 0; i < 3; i++) {
            assertThat(DinoEmbedder.cosine(together[i], single[i])).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void fallsBackToTheClsTokenWithoutPooler() {
        // last_hidden_state [1, 2, 3]: CLS (3, 4, 0) -> (0.6, 0.8, 0)
        Tensor hidden = Tensor.ofFloats(new float[] {3, 4, 0, 9, 9, 9}, 1, 2, 3);
        assertThat(DinoPostprocessor.fromClsToken(hidden)[0]).containsExactly(0.6f, 0.8f, 0f);
        assertThat(DinoPostprocessor.fromPooled(Tensor.ofFloats(new float[] {0, 0, 2}, 1, 3))[0])
                .containsExactly(0f, 0f, 1f);
    }

    @Test
    void anExportWithoutPoolerIsEmbeddedFromTheClsToken() {
        // Dinov2Model's pooler output is the CLS row of the (layer-normed) last_hidden_state, so both paths agree.
        RetypedSession noPooler = new RetypedSession(dino.lease().value(), Map.of("pooler_output", "unused"),
                Map.of());
        float[] fromCls = new DinoEmbedder(new ContractSession(noPooler, loader.spec("dino")), BatchSize.DEFAULT)
                .embed(coffee);
        float[] fromPooler = new DinoEmbedder(dino.session(), BatchSize.DEFAULT).embed(coffee);
        assertThat(DinoEmbedder.cosine(fromCls, fromPooler)).isCloseTo(1.0, within(1e-6));
        assertThat(noPooler.seen()).containsExactly("pixel_values:float32");
    }

    @Test
    void cosineRejectsVectorsOfDifferentLengths() {
        assertThatThrownBy(() -> DinoEmbedder.cosine(new float[2], new float[3]))
                .hasMessage("Invalid vectors for cosine: lengths 2 and 3");
    }
}
