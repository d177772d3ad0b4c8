package io.unosynth.runtime.demo;

/** The README written next to the demo models. */
final class DemoReadme {
    private DemoReadme() {}

    static String text(long seed) {
        return """
                # unosynth demo models (seed %d)

                **These are miniature networks with random weights. Every output is noise.** They have the same
                input/output names, ranks and dtypes as the public ONNX exports of DINOv2, CLIP, T5, FLUX.1
                (transformer and VAE) and OWLv2, so the whole pipeline runs end to end on a CPU and in tests.
                For real results, point the model config at real exports instead.

                | directory | contract | inputs -> outputs |
                |---|---|---|
                | embedder/ | DINOv2 | pixel_values [B,3,224,224] -> last_hidden_state [B,257,%d], pooler_output [B,%d] |
                | clip/ | CLIP text | input_ids [B,77] int64 -> text_embeddings [B,77,%d], pooled_embeddings [B,%d] |
                | t5/ | T5 encoder | input_ids [B,512] int64 -> text_embeddings [B,512,%d] |
                | flux/ | FLUX.1 transformer | hidden_states [B,N,64], encoder_hidden_states [B,512,%d], pooled_projections [B,%d], timestep [B], img_ids [N,3], txt_ids [512,3], guidance [B] -> latent [B,N,64] |
                | vae-decoder/ | FLUX VAE decoder | latent [B,16,h,w] -> images [B,3,8h,8w] |
                | vae-encoder/ | FLUX VAE encoder | images [B,3,H,W] -> latent [B,16,H/8,W/8] |
                | dino-v1/ | DINO v1 ViT-S/16 | pixel_values [B,3,224,224] -> last_hidden_state [B,197,%d] (embedding = CLS row) |
                | clip-vision/ | CLIP vision with projection | pixel_values [B,3,224,224] -> image_embeds [B,%d], last_hidden_state [B,50,%d] |
                | clip-text-projected/ | CLIP text with projection | input_ids [B,77], attention_mask [B,77] int64 -> text_embeds [B,%d], last_hidden_state [B,77,%d] |
                | owlv2/ | OWLv2 | pixel_values [B,3,960,960], input_ids [B*Q,16] int64, attention_mask [B*Q,16] int64 -> logits [B,3600,Q], pred_boxes [B,3600,4] |

                clip/, clip-text-projected/, t5/ and owlv2/ hold a Hugging Face `tokenizer.json` with a tiny vocabulary (CLIP-style
                byte-level BPE; T5-style Unigram). `manifest.json` lists every file with its sha256 and each model's
                inputs and outputs. The same seed always writes byte-identical files.
                """.formatted(seed, DemoModels.EMBEDDER_WIDTH, DemoModels.EMBEDDER_WIDTH, DemoModels.CLIP_WIDTH,
                DemoModels.CLIP_WIDTH, DemoModels.T5_WIDTH, DemoModels.T5_WIDTH, DemoModels.CLIP_WIDTH,
                DemoModels.EVALUATION_IMAGE_WIDTH, DemoModels.CLIP_PROJECTION, DemoModels.EVALUATION_IMAGE_WIDTH,
                DemoModels.CLIP_PROJECTION, DemoModels.CLIP_WIDTH);
    }
}
