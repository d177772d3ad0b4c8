package io.unosynth.trainer.train;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Encoded pairs plus the empty prompt's embeddings (for text dropout). The order samples are drawn in is a seeded
 * shuffle per epoch, so sample {@code n} of a run is a pure function of (seed, n): a resumed run needs only the
 * count of samples consumed to continue where it stopped.
 *
 * <p>A batch stacks its samples, so they must share a group: the same target grid (aspect bucket) and the same
 * reference grids, hence the same reference count (UNO's loader likewise takes one reference count per batch).
 * With several groups (Stage II on sets of 2, 3 and 4 references), {@link #sample(long, long, int)} draws each batch
 * from one group: per epoch every group's pairs are shuffled and cut into batches (the last one filled up from the
 * group's first pairs), and the batches of all groups are shuffled; so sample {@code n} stays a pure function of
 * (seed, n, batch size), and every group is drawn in every epoch.
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

    /** The pair drawn as sample {@code n} of a run seeded {@code seed} whose batches hold {@code batchSize}. */
    public EncodedPair sample(long seed, long n, int batchSize) {
        return pairs.get(sampleIndex(seed, n, batchSize));
    }

    /**
     * The index in {@link #pairs()} of sample {@code n} when batches of {@code batchSize} each come from one group
     * (see the class comment); with one group, {@link #sampleIndex(long, long)}.
     */
    public int sampleIndex(long seed, long n, int batchSize) {
        checkArgument(batchSize >= 1, "Invalid batch size: %s", batchSize);
        List<int[]> groups = groups();
        if (groups.size() == 1) {
            return sampleIndex(seed, n);
        }
        int batchesPerEpoch = groups.stream().mapToInt(group -> (group.length + batchSize - 1) / batchSize).sum();
        long batch = n / batchSize;
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 0x5851F42D4C957F2DL * (batch / batchesPerEpoch));
        List<int[]> batches = new ArrayList<>();
        for (int[] group : groups) {
            int[] order = shuffled(group.length, random);
            for (int start = 0; start < group.length; start += batchSize) {
                int[] members = new int[batchSize];
                for (int slot = 0; slot < batchSize; slot++) {
                    members[slot] = group[order[(start + slot) % group.length]];
                }
                batches.add(members);
            }
        }
        Collections.shuffle(batches, random);
        return batches.get((int) (batch % batchesPerEpoch))[(int) (n % batchSize)];
    }

    /** The indices of the pairs of each group (same {@link EncodedPair#bucket()}), groups by their first pair. */
    private List<int[]> groups() {
        Map<List<Grid>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            groups.computeIfAbsent(pairs.get(i).bucket(), bucket -> new ArrayList<>()).add(i);
        }
        return groups.values().stream().map(group -> group.stream().mapToInt(Integer::intValue).toArray()).toList();
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
