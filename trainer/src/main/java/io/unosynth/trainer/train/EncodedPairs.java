package io.unosynth.trainer.train;

import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.encode.FloatArray;
import io.unosynth.runtime.sampling.LatentCodec;
import io.unosynth.runtime.sampling.LatentPacking;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The encode stage's rows as the trainer's {@link EncodedPair}s: latents packed into 2x2-patch tokens. */
public final class EncodedPairs {
    private EncodedPairs() {}

    public static EncodedPair of(EncodedRow row) {
        List<float[]> references = new ArrayList<>();
        List<Grid> grids = new ArrayList<>();
        for (FloatArray reference : row.references()) {
            references.add(pack(reference, row.pairId()));
            grids.add(grid(reference));
        }
        return new EncodedPair(pack(row.target(), row.pairId()), grid(row.target()), references, grids,
                prompt(row.t5(), row.clip()));
    }

    public static PromptEmbeddings prompt(FloatArray t5, FloatArray clip) {
        return new PromptEmbeddings(1, t5.shape().get(0), t5.shape().get(1), t5.values(), clip.shape().get(0),
                clip.values());
    }

    /**
     * The training set of the rows with exactly {@code references} references, in pair-id order whatever order the
     * shards were read in; empty when no row qualifies.
     */
    public static List<EncodedPair> withReferences(List<EncodedRow> rows, int references) {
        return withReferences(rows, references, references);
    }

    /**
     * The rows with {@code min} to {@code max} references (Stage II: 2 to 4), in pair-id order; the trainer draws
     * each batch from one reference count and bucket ({@link TrainingSet#sample(long, long, int)}).
     */
    public static List<EncodedPair> withReferences(List<EncodedRow> rows, int min, int max) {
        return rows.stream().filter(row -> row.references().size() >= min && row.references().size() <= max)
                .sorted(Comparator.comparing(EncodedRow::pairId)).map(EncodedPairs::of).toList();
    }

    public static TrainingSet trainingSet(List<EncodedPair> pairs, EmptyPromptEmbeddings empty) {
        return new TrainingSet(pairs, prompt(empty.t5(), empty.clip()));
    }

    private static float[] pack(FloatArray latent, String pairId) {
        List<Integer> shape = latent.shape();
        if (shape.size() != 3 || shape.get(0) != LatentCodec.CHANNELS || shape.get(1) % 2 != 0
                || shape.get(2) % 2 != 0) {
            throw new IllegalArgumentException("Invalid latent of pair " + pairId + ": shape " + shape
                    + ", expected [16, even, even]");
        }
        return LatentPacking.pack(latent.values(), 1, LatentCodec.CHANNELS, shape.get(1), shape.get(2));
    }

    private static Grid grid(FloatArray latent) {
        return new Grid(latent.shape().get(1) / 2, latent.shape().get(2) / 2);
    }
}
