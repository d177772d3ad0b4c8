package io.unosynth.trainer.train;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.List;

/**
 * One training example as the encode stage writes it: packed VAE latents (2x2 patches, 64 features a token) of the
 * target and of each reference, and the prompt's T5 and CLIP embeddings (batch 1).
 *
 * @param target {@code [rows * cols, 64]} of {@code targetGrid}
 * @param references each {@code [rows_i * cols_i, 64]} of {@code referenceGrids.get(i)}
 */
public record EncodedPair(float[] target, Grid targetGrid, List<float[]> references, List<Grid> referenceGrids,
        PromptEmbeddings prompt) {
    public static final int FEATURES = 64;

    public EncodedPair {
        requireNonNull(target, "target is null");
        requireNonNull(prompt, "prompt is null");
        references = List.copyOf(references);
        referenceGrids = List.copyOf(referenceGrids);
        checkArgument(target.length == tokens(targetGrid) * FEATURES, "Invalid target latent: %s values for grid %s",
                target.length, targetGrid);
        checkArgument(references.size() == referenceGrids.size(), "Invalid references: %s latents, %s grids",
                references.size(), referenceGrids.size());
        for (int i = 0; i < references.size(); i++) {
            checkArgument(references.get(i).length == tokens(referenceGrids.get(i)) * FEATURES,
                    "Invalid reference %s latent: %s values for grid %s", i, references.get(i).length,
                    referenceGrids.get(i));
        }
        checkArgument(prompt.batch() == 1, "Invalid prompt embeddings: batch %s, expected 1", prompt.batch());
    }

    public int targetTokens() {
        return tokens(targetGrid);
    }

    public int referenceTokens() {
        return referenceGrids.stream().mapToInt(EncodedPair::tokens).sum();
    }

    /** The grids that must match for two pairs to share a batch. */
    List<Grid> bucket() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(targetGrid), referenceGrids.stream()).toList();
    }

    static int tokens(Grid grid) {
        return grid.rows() * grid.cols();
    }
}
