package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * One image to sample: prompt, seed, size (multiples of 16) and 0..4 references (UnoPE), given either as images (the
 * sampler resizes and encodes them as UNO does) or as {@link ReferenceLatent}s already encoded, each of its own size.
 */
public record SampleRequest(String prompt, long seed, int width, int height, List<RgbImage> references,
        List<ReferenceLatent> referenceLatents) {
    public static final int MAX_REFERENCES = 4;

    public SampleRequest {
        requireNonNull(prompt, "prompt is null");
        checkArgument(width > 0 && height > 0 && width % 16 == 0 && height % 16 == 0,
                "Invalid image size %sx%s: positive multiples of 16", width, height);
        references = List.copyOf(references);
        referenceLatents = List.copyOf(referenceLatents);
        checkArgument(references.isEmpty() || referenceLatents.isEmpty(),
                "Invalid references: give images or encoded latents, not both");
        checkArgument(referenceCount(references, referenceLatents) <= MAX_REFERENCES,
                "Invalid reference count %s: at most %s", referenceCount(references, referenceLatents),
                MAX_REFERENCES);
    }

    public SampleRequest(String prompt, long seed, int width, int height, List<RgbImage> references) {
        this(prompt, seed, width, height, references, List.of());
    }

    public static SampleRequest textOnly(String prompt, long seed, int width, int height) {
        return new SampleRequest(prompt, seed, width, height, List.of());
    }

    /** A request whose references are already encoded (for example by a reference implementation or the trainer). */
    public static SampleRequest withReferenceLatents(String prompt, long seed, int width, int height,
            List<ReferenceLatent> latents) {
        return new SampleRequest(prompt, seed, width, height, List.of(), latents);
    }

    public int referenceCount() {
        return referenceCount(references, referenceLatents);
    }

    private static int referenceCount(List<RgbImage> images, List<ReferenceLatent> latents) {
        return images.size() + latents.size();
    }
}
