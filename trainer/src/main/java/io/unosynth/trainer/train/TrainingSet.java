package io.unosynth.trainer.train;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.sampling.PromptEmbeddings;
import java.util.List;
import java.util.Random;

/**
 * Encoded pairs plus the empty prompt's embeddings (for text dropout). The order samples are drawn in is a seeded
 * shuffle per epoch, so sample {@code n} of a run is a pure function of (seed, n): a resumed run needs only the
 * count of samples consumed to continue where it stopped.
 */
public record TrainingSet(List<EncodedPair> pairs, PromptEmbeddings emptyPrompt) {
    public TrainingSet {
        pairs = List.copyOf(pairs);
        requireNonNull(emptyPrompt, "emptyPrompt is null");
        checkArgument(!pairs.isEmpty(), "Invalid training set: no pairs");
        checkArgument(emptyPrompt.batch() == 1, "Invalid empty-prompt embeddings: batch %s", emptyPrompt.batch());
    }

    public int size() {
        return pairs.size();
    }

    /** The pair drawn as sample {@code n} (0-based, over all epochs) of a run seeded {@code seed}. */
    public EncodedPair sample(long seed, long n) {
        return pairs.get(sampleIndex(seed, n));
    }

    /** The index in {@link #pairs()} of the pair drawn as sample {@code n}. */
    public int sampleIndex(long seed, long n) {
        long epoch = n / size();
        int[] order = shuffled(size(), new Random(seed * 0x9E3779B97F4A7C15L + epoch));
        return order[(int) (n % size())];
    }

    private static int[] shuffled(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
