package io.unosynth.runtime.demo;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the demo bundle: miniature random-weight ONNX models (opset 17) with the input/output names, ranks and
 * dtypes of the public exports (REFERENCE.md section 4), plus tokenizer.json files. Their outputs are noise; they
 * exist so every stage can run end to end on a laptop and in tests. The same seed gives byte-identical files.
 *
 * <p>Widths (the real models' in brackets); the DiT's inputs match the text encoders:
 * <ul>
 *   <li>embedder: width {@value #EMBEDDER_WIDTH} (DINOv2-S 384), 224 px, patch 14, 257 tokens;</li>
 *   <li>CLIP text: {@value #CLIP_WIDTH} (768), 77 tokens; pooled width {@value #CLIP_WIDTH};</li>
 *   <li>T5: {@value #T5_WIDTH} (4096), 512 tokens;</li>
 *   <li>FLUX: 64 input features per token, hidden {@value #FLUX_HIDDEN} (3072), {@value #FLUX_HEADS} heads,
 *       axes_dim 4/14/14 (16/56/56); encoder_hidden_states width = T5 width, pooled_projections width = CLIP
 *       width;</li>
 *   <li>DINO v1 embedder: ViT patch 16, width {@value #EVALUATION_IMAGE_WIDTH} (ViT-S/16 384); CLIP vision: ViT
 *       patch 32, width {@value #EVALUATION_IMAGE_WIDTH} (ViT-B/32 768); both CLIP towers project to
 *       {@value #CLIP_PROJECTION}
 *       (512);</li>
 *   <li>VAE: 16 latent channels, x8 spatial; detector: 960 px, patch 16 (3600 boxes), 16-token queries.</li>
 * </ul>
 */
public final class DemoModels {
    public static final int EMBEDDER_WIDTH = 64;
    public static final int CLIP_WIDTH = 32;
    public static final int CLIP_LENGTH = 77;
    /** The shared image-text width of the CLIP towers with projection (ViT-B/32: 512). */
    public static final int CLIP_PROJECTION = 16;
    /** The width of the evaluation's image towers (DINO v1 ViT-S/16: 384, CLIP ViT-B/32: 768), one block each. */
    public static final int EVALUATION_IMAGE_WIDTH = 32;
    public static final int T5_WIDTH = 64;
    public static final int T5_LENGTH = 512;
    public static final int FLUX_IN_CHANNELS = 64;
    public static final int FLUX_HIDDEN = 64;
    public static final int FLUX_HEADS = 2;
    public static final List<Integer> FLUX_AXES_DIM = List.of(4, 14, 14);
    public static final int LATENT_CHANNELS = 16;
    public static final int DETECTOR_IMAGE_SIZE = 960;
    public static final int DETECTOR_PATCH_SIZE = 16;
    public static final int DETECTOR_QUERY_LENGTH = 16;
    private static final int DETECTOR_WIDTH = 32;
    private static final int VAE_CHANNELS = 32;

    private DemoModels() {}

    /** Writes every demo model, tokenizer, {@code manifest.json} and {@code README.md} under {@code outDir}. */
    public static DemoBundle write(Path outDir, long seed) {
        requireNonNull(outDir, "outDir is null");
        DemoBundle bundle = new DemoBundle(outDir, seed);
        ClipTokenizerJson clipTokenizer = new ClipTokenizerJson();
        T5TokenizerJson t5Tokenizer = new T5TokenizerJson();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("format", "unosynth-demo-models/1");
        manifest.put("seed", seed);
        manifest.put("note", "Random weights: every output is noise. Contracts match the public ONNX exports.");
        ObjectNode widths = manifest.putObject("widths");
        widths.put("embedder", EMBEDDER_WIDTH).put("clip", CLIP_WIDTH).put("t5", T5_WIDTH)
                .put("flux_hidden", FLUX_HIDDEN).put("latent_channels", LATENT_CHANNELS)
                .put("clip_vocabulary", clipTokenizer.vocabularySize())
                .put("t5_vocabulary", t5Tokenizer.vocabularySize());
        ArrayNode models = manifest.putArray("models");

        for (DemoModel model : DemoModel.values()) {
            ModelProto proto = build(model, seed, clipTokenizer, t5Tokenizer);
            DemoFiles.writeModel(proto, bundle.model(model));
            if (model.hasTokenizer()) {
                DemoFiles.writeText(bundle.tokenizer(model), tokenizerJson(model, clipTokenizer, t5Tokenizer));
            }
            models.add(describe(mapper, bundle, model, proto));
        }
        try {
            DemoFiles.writeText(bundle.manifest(), mapper.writeValueAsString(manifest) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write demo manifest: " + e.getMessage(), e);
        }
        DemoFiles.writeText(outDir.resolve(DemoBundle.README_FILE), DemoReadme.text(seed));
        return bundle;
    }

    private static ModelProto build(DemoModel model, long seed, ClipTokenizerJson clip, T5TokenizerJson t5) {
        TextParams clipText = new TextParams(clip.vocabularySize(), CLIP_LENGTH, CLIP_WIDTH, 1, 2);
        return switch (model) {
            case EMBEDDER -> DinoEmbedder.build(DinoEmbedder.Params.DEMO, seed);
            case CLIP_TEXT -> ClipTextEncoder.build(clipText, seed);
            case T5_TEXT -> T5Encoder.build(new TextParams(t5.vocabularySize(), T5_LENGTH, T5_WIDTH, 1, 2), seed);
            case FLUX_TRANSFORMER -> FluxTransformer.build(new FluxTransformer.Params(FLUX_IN_CHANNELS, FLUX_HIDDEN,
                    FLUX_HEADS, 1, T5_WIDTH, CLIP_WIDTH, T5_LENGTH, FLUX_AXES_DIM, 10000.0), seed);
            case VAE_DECODER -> Vae.buildDecoder(new Vae.Params(LATENT_CHANNELS, VAE_CHANNELS), seed);
            case VAE_ENCODER -> Vae.buildEncoder(new Vae.Params(LATENT_CHANNELS, VAE_CHANNELS), seed);
            case DETECTOR -> OwlDetector.build(new OwlDetector.Params(DETECTOR_IMAGE_SIZE, DETECTOR_PATCH_SIZE,
                    DETECTOR_WIDTH, new TextParams(clip.vocabularySize(), DETECTOR_QUERY_LENGTH, DETECTOR_WIDTH,
                    1, 2)), seed);
            case DINO_V1 -> DinoV1Embedder.build(DinoV1Embedder.DEMO, seed);
            case CLIP_VISION -> ClipVisionEncoder.build(ClipVisionEncoder.DEMO, CLIP_PROJECTION, seed);
            case CLIP_TEXT_PROJECTED -> ClipProjectedTextEncoder.build(clipText, CLIP_PROJECTION, seed);
        };
    }

    private static String tokenizerJson(DemoModel model, ClipTokenizerJson clip, T5TokenizerJson t5) {
        return switch (model) {
            case CLIP_TEXT, CLIP_TEXT_PROJECTED -> clip.json(CLIP_LENGTH, ClipTokenizerJson.END);
            case T5_TEXT -> t5.json(T5_LENGTH);
            // OWL-ViT pads queries with "!" (id 0) so an all-padding query is recognisable.
            case DETECTOR -> clip.json(DETECTOR_QUERY_LENGTH, "!");
            case EMBEDDER, FLUX_TRANSFORMER, VAE_DECODER, VAE_ENCODER, DINO_V1, CLIP_VISION ->
                    throw new IllegalArgumentException("Invalid demo model: " + model + " has no tokenizer");
        };
    }

    /** The manifest entry: contract, files with sha256, inputs and outputs read back from the graph. */
    private static ObjectNode describe(ObjectMapper mapper, DemoBundle bundle, DemoModel model, ModelProto proto) {
        ObjectNode entry = mapper.createObjectNode();
        entry.put("name", model.directory()).put("contract", model.contract());
        ObjectNode files = entry.putObject("files");
        files.put(DemoModel.MODEL_FILE, DemoFiles.sha256(bundle.model(model)));
        if (model.hasTokenizer()) {
            files.put(DemoModel.TOKENIZER_FILE, DemoFiles.sha256(bundle.tokenizer(model)));
        }
        tensors(entry.putArray("inputs"), proto.getGraph().getInputList());
        tensors(entry.putArray("outputs"), proto.getGraph().getOutputList());
        return entry;
    }

    private static void tensors(ArrayNode array, List<ValueInfoProto> values) {
        for (ValueInfoProto value : values) {
            ObjectNode tensor = array.addObject().put("name", value.getName());
            tensor.put("dtype", TensorProto.DataType.forNumber(value.getType().getTensorType().getElemType())
                    .name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode shape = tensor.putArray("shape");
            for (TensorShapeProto.Dimension dim : value.getType().getTensorType().getShape().getDimList()) {
                if (dim.hasDimParam()) {
                    shape.add(dim.getDimParam());
                } else {
                    shape.add(dim.getDimValue());
                }
            }
        }
    }
}
