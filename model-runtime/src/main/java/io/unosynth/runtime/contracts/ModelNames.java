package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * Which configured model ({@code models.<name>.*}) plays each contract. The defaults are the names the README
 * documents; a job may point a contract at another configured model (e.g. a ViT-L DINOv2 as {@code dino-large}).
 */
public record ModelNames(String flux, String t5, String clip, String vaeDecoder, String vaeEncoder, String dino,
        String owl, String dinoV1, String clipVision, String clipTextProjected) implements Serializable {
    public static final ModelNames DEFAULT = new ModelNames("flux", "t5", "clip", "vae-decoder", "vae-encoder", "dino",
            "owl", "dino-v1", "clip-vision", "clip-text-projected");

    public ModelNames {
        requireNonNull(flux, "flux is null");
        requireNonNull(t5, "t5 is null");
        requireNonNull(clip, "clip is null");
        requireNonNull(vaeDecoder, "vaeDecoder is null");
        requireNonNull(vaeEncoder, "vaeEncoder is null");
        requireNonNull(dino, "dino is null");
        requireNonNull(owl, "owl is null");
        requireNonNull(dinoV1, "dinoV1 is null");
        requireNonNull(clipVision, "clipVision is null");
        requireNonNull(clipTextProjected, "clipTextProjected is null");
    }

    /** The generation and filter models, with the default names of the evaluation embedders. */
    public ModelNames(String flux, String t5, String clip, String vaeDecoder, String vaeEncoder, String dino,
            String owl) {
        this(flux, t5, clip, vaeDecoder, vaeEncoder, dino, owl, "dino-v1", "clip-vision", "clip-text-projected");
    }

    /** The same names with another configured model as the DINOv2 embedder (e.g. {@code filter.embedder-model}). */
    public ModelNames withDino(String name) {
        return new ModelNames(flux, t5, clip, vaeDecoder, vaeEncoder, name, owl, dinoV1, clipVision,
                clipTextProjected);
    }

    /** The same names with other configured models as the evaluation embedders ({@code evaluate.*-model}). */
    public ModelNames withEvaluation(String dinoV1Name, String clipVisionName, String clipTextProjectedName) {
        return new ModelNames(flux, t5, clip, vaeDecoder, vaeEncoder, dino, owl, dinoV1Name, clipVisionName,
                clipTextProjectedName);
    }

    /** The same names with another configured model as the FLUX transformer (e.g. {@code expand.s2i-model}). */
    public ModelNames withFlux(String name) {
        return new ModelNames(name, t5, clip, vaeDecoder, vaeEncoder, dino, owl);
    }

    /** The same names with another configured model as the detector (e.g. {@code expand.detector-model}). */
    public ModelNames withOwl(String name) {
        return new ModelNames(flux, t5, clip, vaeDecoder, vaeEncoder, dino, name);
    }
}
