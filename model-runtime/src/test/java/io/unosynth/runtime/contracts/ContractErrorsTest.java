package io.unosynth.runtime.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.flux.FlowPreprocessor;
import io.unosynth.runtime.contracts.flux.OnnxFlowTransformer;
import io.unosynth.runtime.contracts.text.TextEncoderSession;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.HalfPrecision;
import io.unosynth.runtime.spi.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong name mappings, wrong types, wrong shapes: errors name the model, the input and what was expected. */
class ContractErrorsTest {
    @TempDir
    static Path directory;

    private static DemoBundle bundle;
    private static ModelLoader loader;
    private static DemoContracts.Leased flux;

    @BeforeAll
    static void open() {
        bundle = DemoContracts.write(directory);
        loader = DemoContracts.loader(bundle, Map.of());
        flux = DemoContracts.open(loader, "flux");
    }

    @AfterAll
    static void close() {
        flux.close();
    }

    @Test
    void aWrongInputMappingNamesTheModelTheInputAndTheKey() {
        ModelLoader mapped = DemoContracts.loader(bundle, Map.of("models.dino.input.pixel_values", "pixels"));
        try (ModelSet models = new ModelSet(mapped, ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            assertThatThrownBy(models::dino)
                    .isInstanceOf(PipelineException.class)
                    .hasMessage("Invalid model 'dino': no input 'pixels' for the contract input 'pixel_values'; the "
                            + "model's inputs are [pixel_values] (map it with models.dino.input.pixel_values)");
        }
    }

    @Test
    void aWrongOutputMappingNamesTheModelAndTheOutput() {
        ModelLoader mapped = DemoContracts.loader(bundle, Map.of("models.flux.output.latent", "out_hidden_states"));
        try (ModelSet models = new ModelSet(mapped, ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            assertThatThrownBy(models::transformer)
                    .hasMessage("Invalid model 'flux': no output 'out_hidden_states' for the contract output 'latent';"
                            + " the model's outputs are [latent] (map it with models.flux.output.latent)");
        }
    }

    @Test
    void anExportWithOtherNamesRunsThroughTheMapping() {
        // An optimum-style export: the output is out_hidden_states and (say) the image input is called x.
        RetypedSession export = new RetypedSession(flux.lease().value(),
                Map.of("latent", "out_hidden_states", "hidden_states", "x"), Map.of());
        ModelSpec spec = DemoContracts.config(bundle, Map.of("models.flux.output.latent", "out_hidden_states",
                "models.flux.input.hidden_states", "x")).require("flux");
        float[] expected = new OnnxFlowTransformer(flux.session()).predict(flowInput(2));
        float[] mapped = new OnnxFlowTransformer(new ContractSession(export, spec)).predict(flowInput(2));
        assertThat(mapped).containsExactly(expected);
        assertThat(export.seen()).contains("x:float32", "timestep:float32");
    }

    @Test
    void bfloat16ActivationsAreReadFromTheSignatureAndConverted() {
        Map<String, DataType> bf16 = Map.of("hidden_states", DataType.BFLOAT16, "encoder_hidden_states",
                DataType.BFLOAT16, "pooled_projections", DataType.BFLOAT16, "timestep", DataType.BFLOAT16,
                "guidance", DataType.BFLOAT16);
        RetypedSession export = new RetypedSession(flux.lease().value(), Map.of(), bf16);
        OnnxFlowTransformer transformer = new OnnxFlowTransformer(new ContractSession(export, loader.spec("flux")));
        assertThat(transformer.inputType(FlowPreprocessor.HIDDEN_STATES)).isEqualTo(DataType.BFLOAT16);
        assertThat(transformer.inputType(FlowPreprocessor.IMG_IDS)).isEqualTo(DataType.FLOAT32);

        FlowInput input = flowInput(1);
        float[] half = transformer.predict(input);
        assertThat(export.seen()).contains("hidden_states:bfloat16", "timestep:bfloat16", "guidance:bfloat16",
                "img_ids:float32", "txt_ids:float32");
        // Exactly the float32 model on inputs rounded to bfloat16 (the fake widens them back): the conversion is
        // rounding to nearest bfloat16, nothing else. Ids stay float32.
        PromptEmbeddings text = input.text();
        FlowInput rounded = new FlowInput(1, input.imageTokens(), bf16(input.hiddenStates()),
                new PromptEmbeddings(1, text.tokens(), text.width(), bf16(text.tokenEmbeddings()), text.pooledWidth(),
                        bf16(text.pooled())), bf16(input.timestep()), input.imageIds(), input.textIds(),
                bf16(input.guidance()));
        assertThat(half).containsExactly(new OnnxFlowTransformer(flux.session()).predict(rounded));
        assertThat(half).isNotEqualTo(new OnnxFlowTransformer(flux.session()).predict(input));
    }

    private static float[] bf16(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = HalfPrecision.bfloat16ToFloat(HalfPrecision.toBFloat16(values[i]));
        }
        return out;
    }

    @Test
    void aTokenIdsInputOfTheWrongTypeIsRejectedByName() {
        try (DemoContracts.Leased t5 = DemoContracts.open(loader, "t5")) {
            RetypedSession wrong = new RetypedSession(t5.lease().value(), Map.of(),
                    Map.of("input_ids", DataType.INT32));
            ContractSession session = new ContractSession(wrong, loader.spec("t5"));
            assertThatThrownBy(() -> TextEncoderSession.open(session, bundle.tokenizer(DemoModel.T5_TEXT), 512,
                    BatchSize.DEFAULT))
                    .isInstanceOf(PipelineException.class)
                    .hasMessage("Invalid model 't5': input 'input_ids' has type int32, expected [int64]");
        }
    }

    @Test
    void aNonFloatPixelInputIsRejectedByName() {
        try (DemoContracts.Leased dino = DemoContracts.open(loader, "dino")) {
            RetypedSession wrong = new RetypedSession(dino.lease().value(), Map.of(),
                    Map.of("pixel_values", DataType.UINT8));
            assertThatThrownBy(() -> new DinoEmbedder(new ContractSession(wrong, loader.spec("dino")),
                    BatchSize.DEFAULT))
                    .hasMessage("Invalid model 'dino': input 'pixel_values' has type uint8, expected "
                            + "[float32, float16, bfloat16]");
        }
    }

    @Test
    void aWrongShapeNamesTheModelAndInput() {
        ContractSession session = flux.session();
        assertThatThrownBy(() -> session.run(Map.of("hidden_states", Tensor.ofFloats(new float[4], 1, 4)),
                List.of("latent")))
                .isInstanceOf(PipelineException.class)
                .hasMessageStartingWith("Invalid input to model 'flux': ")
                .hasMessageContaining("'hidden_states'")
                .extracting(e -> ((PipelineException) e).code()).isEqualTo(PipelineErrorCode.INVALID_INPUT);
    }

    @Test
    void aMissingVaeEncoderFailsOnlyWhenAReferenceIsEncoded() {
        ModelLoader decoderOnly = DemoContracts.loader(bundle, Map.of());
        try (ModelSet models = new ModelSet(decoderOnly, new ModelNames("flux", "t5", "clip", "vae-decoder",
                "no-such-encoder", "dino", "owl"), List.of(), BatchSize.DEFAULT)) {
            assertThat(models.vae().decode(new float[16 * 2 * 2], 1, 2, 2)).hasSize(1);
            assertThatThrownBy(() -> models.vae().encode(RgbImage.blank(16, 16)))
                    .hasMessage("Cannot encode a reference image: no VAE encoder model is configured");
        }
    }

    /** A FLUX call on 4 image tokens with random values. */
    static FlowInput flowInput(int batch) {
        Random random = new Random(3);
        int tokens = 512;
        int t5Width = 64;
        int clipWidth = 32;
        PromptEmbeddings text = new PromptEmbeddings(batch, tokens, t5Width, gaussian(random, batch * tokens * t5Width),
                clipWidth, gaussian(random, batch * clipWidth));
        float[] imageIds = {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1};
        float[] timestep = new float[batch];
        Arrays.fill(timestep, 0.7f);
        float[] guidance = new float[batch];
        Arrays.fill(guidance, 4f);
        return new FlowInput(batch, 4, gaussian(random, batch * 4 * 64), text, timestep, imageIds,
                new float[tokens * 3], guidance);
    }

    private static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
