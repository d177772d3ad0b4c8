package io.unosynth.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.TorchFixtures;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.PositionIds;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pipeline contract over both engines: miniature DINOv2, CLIP, T5, VAE and FLUX modules, saved as TorchScript
 * and exported to ONNX from the same weights ({@code src/test/python/make_contract_fixtures.py}), run through the
 * same contract classes with {@code backend = djl} and with ONNX Runtime, must agree.
 */
class DjlContractsTest {
    private static final List<String> MODELS = List.of("dino", "clip", "t5", "vae_decoder", "vae_encoder", "flux");
    private static final float TOLERANCE = 1e-5f;

    @TempDir
    static Path dir;

    private static ModelSet onnx;
    private static ModelSet djl;

    @BeforeAll
    static void open() throws IOException {
        DemoBundle demo = DemoContracts.write(dir.resolve("demo"));
        Map<String, String> keys = new HashMap<>();
        for (String model : MODELS) {
            for (String engine : List.of("onnx", "djl")) {
                Path modelDir = Files.createDirectories(dir.resolve(engine).resolve(model));
                String file = model + (engine.equals("djl") ? ".pt" : ".onnx");
                TorchFixtures.copy("contracts/" + file, modelDir);
                String name = engine + "-" + model.replace('_', '-');
                keys.put("models." + name + ".location", modelDir.resolve(file).toString());
                keys.put("models." + name + ".backend", engine);
            }
        }
        for (String engine : List.of("onnx", "djl")) {
            keys.put("models." + engine + "-clip.tokenizer", demo.tokenizer(DemoModel.CLIP_TEXT).toString());
            keys.put("models." + engine + "-t5.tokenizer", demo.tokenizer(DemoModel.T5_TEXT).toString());
        }
        keys.put("models.engine-cache-dir", DjlBackendTest.ENGINE_CACHE.toString());
        ModelLoader loader = ModelLoader.create(ModelsConfig.from(ConfigValues.of(keys)), new LocalDirectoryFiles(dir),
                DemoContracts.SEED);
        onnx = new ModelSet(loader, names("onnx"), List.of(), BatchSize.DEFAULT);
        djl = new ModelSet(loader, names("djl"), List.of(), BatchSize.DEFAULT);
    }

    @AfterAll
    static void close() {
        if (onnx != null) {
            onnx.close();
            djl.close();
        }
    }

    private static ModelNames names(String engine) {
        return new ModelNames(engine + "-flux", engine + "-t5", engine + "-clip", engine + "-vae-decoder",
                engine + "-vae-encoder", engine + "-dino", engine + "-owl");
    }

    @Test
    void dinoEmbeddingsAgree() {
        List<RgbImage> photos = List.of(Photos.load(Photos.CHELSEA), Photos.load(Photos.COFFEE));

        float[][] fromTorchScript = djl.dino().embed(photos);
        float[][] fromOnnx = onnx.dino().embed(photos);

        assertThat(fromTorchScript[0]).hasSize(8);
        for (int i = 0; i < photos.size(); i++) {
            assertThat(fromTorchScript[i]).containsExactly(fromOnnx[i], within(TOLERANCE));
        }
        assertThat(fromTorchScript[0]).isNotEqualTo(fromTorchScript[1]);
    }

    @Test
    void textEncodersAgree() {
        List<String> prompts = List.of("a red mug on a table", "a cat");

        float[] clipDjl = djl.clip().encode(prompts).values();
        float[] t5Djl = djl.t5().encode(prompts).values();

        assertThat(clipDjl).hasSize(2 * 8).containsExactly(onnx.clip().encode(prompts).values(), within(TOLERANCE));
        assertThat(djl.t5().length()).isEqualTo(512);
        assertThat(t5Djl).hasSize(2 * 512 * 8).containsExactly(onnx.t5().encode(prompts).values(),
                within(TOLERANCE));
    }

    @Test
    void vaeDecodeAndEncodeAgree() {
        float[] latents = gaussian(2 * 16 * 4 * 6, 11);

        List<RgbImage> fromTorchScript = djl.vae().decode(latents, 2, 4, 6);
        List<RgbImage> fromOnnx = onnx.vae().decode(latents, 2, 4, 6);
        RgbImage photo = io.unosynth.core.image.Crop.centerToMultiple(16).apply(Photos.load(Photos.CHELSEA));

        assertThat(fromTorchScript).extracting(RgbImage::width, RgbImage::height)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(48, 32));
        // Pixels are rounded to 8 bits: float noise of 1e-6 may flip a rounding, never more than one level.
        for (int i = 0; i < 2; i++) {
            byte[] a = fromTorchScript.get(i).pixels();
            byte[] b = fromOnnx.get(i).pixels();
            for (int p = 0; p < a.length; p++) {
                assertThat(Math.abs((a[p] & 0xFF) - (b[p] & 0xFF))).isLessThanOrEqualTo(1);
            }
        }
        assertThat(djl.vae().encode(photo)).containsExactly(onnx.vae().encode(photo), within(TOLERANCE));
    }

    @Test
    void fluxTransformerAgrees() {
        int batch = 2;
        int tokens = 6;
        int textTokens = 5;
        PromptEmbeddings text = new PromptEmbeddings(batch, textTokens, 8, gaussian(batch * textTokens * 8, 3), 8,
                gaussian(batch * 8, 4));
        FlowInput input = new FlowInput(batch, tokens, gaussian(batch * tokens * 64, 5), text,
                new float[] {1.0f, 0.6f}, PositionIds.image(2, 3, 0, 0), PositionIds.text(textTokens),
                new float[] {4.0f, 4.0f});

        float[] fromTorchScript = djl.transformer().predict(input);

        assertThat(fromTorchScript).hasSize(batch * tokens * 64)
                .containsExactly(onnx.transformer().predict(input), within(TOLERANCE));
    }

    private static float[] gaussian(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
