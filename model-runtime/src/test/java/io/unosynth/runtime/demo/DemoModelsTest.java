package io.unosynth.runtime.demo;

import static io.unosynth.runtime.demo.OrtRunner.allFinite;
import static io.unosynth.runtime.demo.OrtRunner.cosine;
import static io.unosynth.runtime.demo.OrtRunner.maxAbsDifference;
import static io.unosynth.runtime.demo.OrtRunner.random;
import static io.unosynth.runtime.demo.OrtRunner.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.runtime.demo.OrtRunner.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoModelsTest {
    private static final long SEED = 7;

    @TempDir
    static Path directory;

    private static DemoBundle bundle;

    @BeforeAll
    static void writeBundle() {
        long start = System.nanoTime();
        bundle = DemoModels.write(directory.resolve("demo"), SEED);
        System.out.printf("demo bundle written in %.0f ms%n", (System.nanoTime() - start) / 1e6);
    }

    @Test
    void manifestListsEveryFileWithItsHashAndContract() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(bundle.manifest().toFile());
        assertThat(manifest.get("seed").asLong()).isEqualTo(SEED);
        assertThat(manifest.get("models")).hasSize(DemoModel.values().length);
        long totalBytes = 0;
        for (DemoModel model : DemoModel.values()) {
            JsonNode entry = findModel(manifest, model);
            assertThat(entry.get("files").get("model.onnx").asText())
                    .isEqualTo(DemoFiles.sha256(bundle.model(model)));
            assertThat(entry.get("files").has("tokenizer.json")).isEqualTo(model.hasTokenizer());
            totalBytes += Files.size(bundle.model(model));
        }
        JsonNode flux = findModel(manifest, DemoModel.FLUX_TRANSFORMER);
        assertThat(flux.get("inputs").findValuesAsText("name")).containsExactly("hidden_states",
                "encoder_hidden_states", "pooled_projections", "timestep", "img_ids", "txt_ids", "guidance");
        assertThat(flux.get("outputs").get(0).get("shape").toString()).isEqualTo("[\"batch\",\"image_tokens\",64]");
        assertThat(totalBytes).as("demo models stay small").isLessThan(5_000_000);
        assertThat(bundle.root().resolve(DemoBundle.README_FILE)).content().contains("Every output is noise");
    }

    @Test
    void sessionsReportTheNamesDtypesAndRanksTheManifestPromises() throws IOException, OrtException {
        JsonNode manifest = new ObjectMapper().readTree(bundle.manifest().toFile());
        for (DemoModel model : DemoModel.values()) {
            JsonNode entry = findModel(manifest, model);
            try (OrtRunner runner = new OrtRunner(bundle.model(model))) {
                assertSameTensors(model + " inputs", runner.inputInfo(), entry.get("inputs"));
                assertSameTensors(model + " outputs", runner.outputInfo(), entry.get("outputs"));
            }
        }
    }

    @Test
    void sameSeedWritesIdenticalBytesAndAnotherSeedDifferentWeights() throws IOException {
        DemoBundle again = DemoModels.write(directory.resolve("again"), SEED);
        DemoBundle other = DemoModels.write(directory.resolve("other"), SEED + 1);
        for (DemoModel model : DemoModel.values()) {
            byte[] bytes = Files.readAllBytes(bundle.model(model));
            assertThat(Files.readAllBytes(again.model(model))).as(model.name()).isEqualTo(bytes);
            assertThat(Files.readAllBytes(other.model(model))).as(model.name()).isNotEqualTo(bytes);
        }
        assertThat(Files.readAllBytes(again.manifest())).isEqualTo(Files.readAllBytes(bundle.manifest()));
    }

    @ParameterizedTest(name = "batch {0}")
    @CsvSource({"1", "3"})
    void embedderHasTheDinoContract(int batch) throws OrtException {
        try (OrtRunner embedder = new OrtRunner(bundle.model(DemoModel.EMBEDDER))) {
            assertInput(embedder.inputInfo(), "pixel_values", OnnxJavaType.FLOAT, -1, 3, 224, 224);
            assertThat(embedder.outputInfo()).containsOnlyKeys("last_hidden_state", "pooler_output");
            Map<String, Output> out = embedder.floats("pixel_values", random(1, batch * 3 * 224 * 224),
                    batch, 3, 224, 224).run();
            assertThat(out.get("last_hidden_state").shape()).containsExactly(batch, 257, DemoModels.EMBEDDER_WIDTH);
            assertThat(out.get("pooler_output").shape()).containsExactly(batch, DemoModels.EMBEDDER_WIDTH);
            assertThat(allFinite(out.get("last_hidden_state").values())).isTrue();
            // pooler_output is the normalised CLS token, i.e. token 0 of last_hidden_state
            float[] cls = Arrays.copyOf(out.get("last_hidden_state").values(), DemoModels.EMBEDDER_WIDTH);
            assertThat(maxAbsDifference(cls, row(out.get("pooler_output").values(), 0, DemoModels.EMBEDDER_WIDTH)))
                    .isZero();
        }
    }

    @Test
    void embedderGivesCosineOneForTheSameImageAndLessForAnother() throws OrtException {
        int pixels = 3 * 224 * 224;
        float[] image = random(11, pixels);
        float[] other = random(12, pixels);
        float[] batch = new float[3 * pixels];
        System.arraycopy(image, 0, batch, 0, pixels);
        System.arraycopy(image, 0, batch, pixels, pixels);
        System.arraycopy(other, 0, batch, 2 * pixels, pixels);
        try (OrtRunner embedder = new OrtRunner(bundle.model(DemoModel.EMBEDDER))) {
            float[] pooled = embedder.floats("pixel_values", batch, 3, 3, 224, 224).run().get("pooler_output")
                    .values();
            int width = DemoModels.EMBEDDER_WIDTH;
            assertThat(cosine(row(pooled, 0, width), row(pooled, 1, width))).isCloseTo(1.0, within(1e-6));
            assertThat(cosine(row(pooled, 0, width), row(pooled, 2, width))).isLessThan(0.999);
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @CsvSource({"1", "2"})
    void clipTextEncoderPoolsAtTheEndToken(int batch) throws OrtException {
        int length = DemoModels.CLIP_LENGTH;
        ClipTokenizerJson tokenizer = new ClipTokenizerJson();
        long[] ids = new long[batch * length];
        Arrays.fill(ids, tokenizer.endTokenId());
        int[] endPositions = {5, 9};
        for (int b = 0; b < batch; b++) {
            ids[b * length] = tokenizer.startTokenId();
            for (int t = 1; t < endPositions[b]; t++) {
                ids[b * length + t] = 300 + t + b;
            }
        }
        try (OrtRunner clip = new OrtRunner(bundle.model(DemoModel.CLIP_TEXT))) {
            assertInput(clip.inputInfo(), "input_ids", OnnxJavaType.INT64, -1, length);
            Map<String, Output> out = clip.longs("input_ids", ids, batch, length).run();
            Output hidden = out.get("text_embeddings");
            Output pooled = out.get("pooled_embeddings");
            assertThat(hidden.shape()).containsExactly(batch, length, DemoModels.CLIP_WIDTH);
            assertThat(pooled.shape()).containsExactly(batch, DemoModels.CLIP_WIDTH);
            assertThat(allFinite(hidden.values())).isTrue();
            for (int b = 0; b < batch; b++) {
                float[] atEnd = row(hidden.values(), b * length + endPositions[b], DemoModels.CLIP_WIDTH);
                assertThat(maxAbsDifference(atEnd, row(pooled.values(), b, DemoModels.CLIP_WIDTH))).isZero();
            }
        }
    }

    @Test
    void clipAttentionIsCausal() throws OrtException {
        int length = DemoModels.CLIP_LENGTH;
        long[] ids = new long[length];
        long[] changedTail = new long[length];
        for (int t = 0; t < length; t++) {
            ids[t] = 100 + t;
            changedTail[t] = t < 40 ? 100 + t : 200 + t;
        }
        try (OrtRunner clip = new OrtRunner(bundle.model(DemoModel.CLIP_TEXT))) {
            float[] first = clip.longs("input_ids", ids, 1, length).run().get("text_embeddings").values();
            float[] second = clip.longs("input_ids", changedTail, 1, length).run().get("text_embeddings").values();
            int head = 40 * DemoModels.CLIP_WIDTH;
            assertThat(maxAbsDifference(Arrays.copyOf(first, head), Arrays.copyOf(second, head))).isZero();
            assertThat(maxAbsDifference(first, second)).isGreaterThan(1e-3);
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @CsvSource({"1", "2"})
    void t5EncoderHasTheT5Contract(int batch) throws OrtException {
        long[] ids = new long[batch * DemoModels.T5_LENGTH];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 50;
        }
        try (OrtRunner t5 = new OrtRunner(bundle.model(DemoModel.T5_TEXT))) {
            assertInput(t5.inputInfo(), "input_ids", OnnxJavaType.INT64, -1, DemoModels.T5_LENGTH);
            Output hidden = t5.longs("input_ids", ids, batch, DemoModels.T5_LENGTH).run().get("text_embeddings");
            assertThat(hidden.shape()).containsExactly(batch, DemoModels.T5_LENGTH, DemoModels.T5_WIDTH);
            assertThat(allFinite(hidden.values())).isTrue();
        }
    }

    @ParameterizedTest(name = "batch {0}, {1} image tokens")
    @CsvSource({"1, 16", "2, 16", "1, 40", "2, 40"})
    void fluxTransformerHasTheFluxContract(int batch, int tokens) throws OrtException {
        try (OrtRunner flux = new OrtRunner(bundle.model(DemoModel.FLUX_TRANSFORMER))) {
            assertInput(flux.inputInfo(), "hidden_states", OnnxJavaType.FLOAT, -1, -1, 64);
            assertInput(flux.inputInfo(), "img_ids", OnnxJavaType.FLOAT, -1, 3);
            assertInput(flux.inputInfo(), "txt_ids", OnnxJavaType.FLOAT, DemoModels.T5_LENGTH, 3);
            Output latent = feedFlux(flux, batch, tokens, gridIds(tokens, 0), 0.5f).run().get("latent");
            assertThat(latent.shape()).containsExactly(batch, tokens, 64);
            assertThat(allFinite(latent.values())).isTrue();
        }
    }

    @Test
    void fluxOutputDependsOnImageIdsAndTimestep() throws OrtException {
        int tokens = 16;
        try (OrtRunner flux = new OrtRunner(bundle.model(DemoModel.FLUX_TRANSFORMER))) {
            float[] base = feedFlux(flux, 1, tokens, gridIds(tokens, 0), 0.5f).run().get("latent").values();
            float[] same = feedFlux(flux, 1, tokens, gridIds(tokens, 0), 0.5f).run().get("latent").values();
            float[] shiftedIds = feedFlux(flux, 1, tokens, gridIds(tokens, 4), 0.5f).run().get("latent").values();
            float[] laterTime = feedFlux(flux, 1, tokens, gridIds(tokens, 0), 0.9f).run().get("latent").values();
            assertThat(maxAbsDifference(base, same)).isZero();
            assertThat(maxAbsDifference(base, shiftedIds)).as("rotary embedding uses img_ids").isGreaterThan(1e-3);
            assertThat(maxAbsDifference(base, laterTime)).as("timestep modulates").isGreaterThan(1e-3);
        }
    }

    @Test
    void vaeScalesByEightBothWays() throws OrtException {
        try (OrtRunner encoder = new OrtRunner(bundle.model(DemoModel.VAE_ENCODER));
             OrtRunner decoder = new OrtRunner(bundle.model(DemoModel.VAE_DECODER))) {
            assertInput(encoder.inputInfo(), "images", OnnxJavaType.FLOAT, -1, 3, -1, -1);
            assertInput(decoder.inputInfo(), "latent", OnnxJavaType.FLOAT, -1, 16, -1, -1);
            Output latent = encoder.floats("images", random(3, 2 * 3 * 64 * 48), 2, 3, 64, 48).run().get("latent");
            assertThat(latent.shape()).containsExactly(2, 16, 8, 6);
            Output images = decoder.floats("latent", latent.values(), latent.shape()).run().get("images");
            assertThat(images.shape()).containsExactly(2, 3, 64, 48);
            assertThat(allFinite(images.values())).isTrue();
            Output single = decoder.floats("latent", random(4, 16 * 4 * 5), 1, 16, 4, 5).run().get("images");
            assertThat(single.shape()).containsExactly(1, 3, 32, 40);
        }
    }

    @ParameterizedTest(name = "batch {0}, {1} queries")
    @CsvSource({"1, 2", "2, 3"})
    void detectorHasTheOwlContract(int batch, int queries) throws OrtException {
        int length = DemoModels.DETECTOR_QUERY_LENGTH;
        int rows = batch * queries;
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        ClipTokenizerJson tokenizer = new ClipTokenizerJson();
        for (int r = 0; r < rows - 1; r++) {
            ids[r * length] = tokenizer.startTokenId();
            ids[r * length + 1] = 400 + r;
            ids[r * length + 2] = tokenizer.endTokenId();
            Arrays.fill(mask, r * length, r * length + 3, 1L);
        }
        // the last query row is all padding (id 0, mask 0): OWL masks such queries out
        try (OrtRunner owl = new OrtRunner(bundle.model(DemoModel.DETECTOR))) {
            assertInput(owl.inputInfo(), "pixel_values", OnnxJavaType.FLOAT, -1, 3, 960, 960);
            assertInput(owl.inputInfo(), "input_ids", OnnxJavaType.INT64, -1, length);
            assertInput(owl.inputInfo(), "attention_mask", OnnxJavaType.INT64, -1, length);
            Map<String, Output> out = owl.floats("pixel_values", random(5, batch * 3 * 960 * 960), batch, 3, 960, 960)
                    .longs("input_ids", ids, rows, length).longs("attention_mask", mask, rows, length).run();
            int patches = 3600;
            Output logits = out.get("logits");
            Output boxes = out.get("pred_boxes");
            assertThat(logits.shape()).containsExactly(batch, patches, queries);
            assertThat(boxes.shape()).containsExactly(batch, patches, 4);
            assertThat(allFinite(logits.values())).isTrue();
            for (float value : boxes.values()) {
                assertThat(value).isStrictlyBetween(0f, 1f);
            }
            // last image, last query (the padding row): masked; the query before it: a real score
            int lastImage = (batch - 1) * patches * queries;
            assertThat(logits.values()[lastImage + queries - 1]).isEqualTo(-1e6f);
            assertThat(logits.values()[lastImage + queries - 2]).isGreaterThan(-1e3f);
        }
    }

    private static OrtRunner feedFlux(OrtRunner flux, int batch, int tokens, float[] imgIds, float timestep)
            throws OrtException {
        float[] timesteps = new float[batch];
        float[] guidance = new float[batch];
        Arrays.fill(timesteps, timestep);
        Arrays.fill(guidance, 3.5f);
        return flux.floats("hidden_states", random(21, batch * tokens * 64), batch, tokens, 64)
                .floats("encoder_hidden_states", random(22, batch * DemoModels.T5_LENGTH * DemoModels.T5_WIDTH),
                        batch, DemoModels.T5_LENGTH, DemoModels.T5_WIDTH)
                .floats("pooled_projections", random(23, batch * DemoModels.CLIP_WIDTH), batch, DemoModels.CLIP_WIDTH)
                .floats("timestep", timesteps, batch)
                .floats("img_ids", imgIds, tokens, 3)
                .floats("txt_ids", new float[DemoModels.T5_LENGTH * 3], DemoModels.T5_LENGTH, 3)
                .floats("guidance", guidance, batch);
    }

    /** FLUX image ids (0, row, column) over a 4-wide token grid, offset diagonally like a UnoPE reference. */
    private static float[] gridIds(int tokens, int offset) {
        float[] ids = new float[tokens * 3];
        for (int i = 0; i < tokens; i++) {
            ids[i * 3 + 1] = i / 4 + offset;
            ids[i * 3 + 2] = i % 4 + offset;
        }
        return ids;
    }

    private static void assertInput(Map<String, NodeInfo> inputs, String name, OnnxJavaType type, long... shape) {
        assertThat(inputs).containsKey(name);
        TensorInfo info = (TensorInfo) inputs.get(name).getInfo();
        assertThat(info.type).as(name).isEqualTo(type);
        assertThat(info.getShape()).as(name).containsExactly(shape);
    }

    private static void assertSameTensors(String what, Map<String, NodeInfo> session, JsonNode promised) {
        assertThat(session.keySet()).as(what).containsExactlyElementsOf(promised.findValuesAsText("name"));
        for (JsonNode tensor : promised) {
            TensorInfo info = (TensorInfo) session.get(tensor.get("name").asText()).getInfo();
            OnnxJavaType expected = tensor.get("dtype").asText().equals("int64") ? OnnxJavaType.INT64
                    : OnnxJavaType.FLOAT;
            assertThat(info.type).as(what + " " + tensor.get("name")).isEqualTo(expected);
            assertThat(info.getShape()).as(what + " " + tensor.get("name")).hasSize(tensor.get("shape").size());
        }
    }

    private static JsonNode findModel(JsonNode manifest, DemoModel model) {
        for (JsonNode entry : manifest.get("models")) {
            if (entry.get("name").asText().equals(model.directory())) {
                return entry;
            }
        }
        throw new AssertionError("manifest lacks " + model);
    }
}
