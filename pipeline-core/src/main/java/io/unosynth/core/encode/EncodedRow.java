package io.unosynth.core.encode;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * One exported pair as the trainer reads it: the VAE latents (scaled and shifted, {@code [16, h/8, w/8]}) of the
 * target, fitted into its aspect bucket, and of each reference, and the prompt's T5 token embeddings
 * {@code [tokens, width]} and pooled CLIP vector {@code [width]}.
 */
public record EncodedRow(String pairId, String prompt, int bucketWidth, int bucketHeight, FloatArray target,
        List<FloatArray> references, FloatArray t5, FloatArray clip) implements Serializable {
    public static final int MAX_REFERENCES = 4;

    public EncodedRow {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(target, "target is null");
        references = List.copyOf(references);
        requireNonNull(t5, "t5 is null");
        requireNonNull(clip, "clip is null");
        checkArgument(!references.isEmpty() && references.size() <= MAX_REFERENCES,
                "Invalid encoded row %s: %s references, expected 1 to %s", pairId, references.size(), MAX_REFERENCES);
        checkArgument(target.shape().size() == 3 && t5.shape().size() == 2 && clip.shape().size() == 1,
                "Invalid encoded row %s: shapes target %s, t5 %s, clip %s", pairId, target.shape(), t5.shape(),
                clip.shape());
    }
}
