package io.unosynth.runtime.demo;

/** The models of the demo bundle, each in its own directory holding {@code model.onnx} (and maybe a tokenizer). */
public enum DemoModel {
    EMBEDDER("embedder", "DINOv2 image embedder", false),
    CLIP_TEXT("clip", "CLIP text encoder", true),
    T5_TEXT("t5", "T5 text encoder", true),
    FLUX_TRANSFORMER("flux", "FLUX.1 transformer", false),
    VAE_DECODER("vae-decoder", "FLUX VAE decoder", false),
    VAE_ENCODER("vae-encoder", "FLUX VAE encoder", false),
    DETECTOR("owlv2", "OWLv2 open-vocabulary detector", true),
    DINO_V1("dino-v1", "DINO v1 ViT-S/16 image embedder", false),
    CLIP_VISION("clip-vision", "CLIP ViT-B/32 vision encoder with projection", false),
    CLIP_TEXT_PROJECTED("clip-text-projected", "CLIP ViT-B/32 text encoder with projection", true);

    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private final String directory;
    private final String contract;
    private final boolean hasTokenizer;

    DemoModel(String directory, String contract, boolean hasTokenizer) {
        this.directory = directory;
        this.contract = contract;
        this.hasTokenizer = hasTokenizer;
    }

    /** The directory name under the bundle root. */
    public String directory() {
        return directory;
    }

    /** Which public model's ONNX contract this demo model has. */
    public String contract() {
        return contract;
    }

    public boolean hasTokenizer() {
        return hasTokenizer;
    }
}
