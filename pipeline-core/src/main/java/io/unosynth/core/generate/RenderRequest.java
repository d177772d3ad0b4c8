package io.unosynth.core.generate;

import static java.util.Objects.requireNonNull;

/** One image to render from text: prompt, per-sample seed and size. */
public record RenderRequest(String prompt, long seed, int width, int height) {
    public RenderRequest {
        requireNonNull(prompt, "prompt is null");
    }
}
