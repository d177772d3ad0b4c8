package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.RgbImage;
import java.util.List;

/** One image to sample: prompt, seed, size (multiples of 16) and 0..4 reference images (UnoPE). */
public record SampleRequest(String prompt, long seed, int width, int height, List<RgbImage> references) {
    public static final int MAX_REFERENCES = 4;

    public SampleRequest {
        requireNonNull(prompt, "prompt is null");
        checkArgument(width > 0 && height > 0 && width % 16 == 0 && height % 16 == 0,
                "Invalid image size %sx%s: positive multiples of 16", width, height);
        references = List.copyOf(references);
        checkArgument(references.size() <= MAX_REFERENCES, "Invalid reference count %s: at most %s",
                references.size(), MAX_REFERENCES);
    }

    public static SampleRequest textOnly(String prompt, long seed, int width, int height) {
        return new SampleRequest(prompt, seed, width, height, List.of());
    }
}
