package io.unosynth.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.encode.FloatArray;
import io.unosynth.runtime.sampling.GaussianNoise;
import io.unosynth.runtime.sampling.LatentPacking;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedPairsTest {
    private static FloatArray array(long seed, Integer... shape) {
        int size = 1;
        for (int side : shape) {
            size *= side;
        }
        return new FloatArray(List.of(shape), GaussianNoise.sample(seed, size));
    }

    private static EncodedRow row(String id, int references) {
        List<FloatArray> refs = java.util.stream.IntStream.range(0, references)
                .mapToObj(i -> array(10 + i, 16, 4, 6)).toList();
        return new EncodedRow(id, "a prompt", 64, 48, array(1, 16, 6, 8), refs, array(2, 5, 12), array(3, 7));
    }

    @Test
    void latentsArePackedIntoTokensOfTheirGrids() {
        EncodedRow row = row("p1", 1);
        EncodedPair pair = EncodedPairs.of(row);

        assertThat(pair.targetGrid()).isEqualTo(new Grid(3, 4));
        assertThat(pair.referenceGrids()).containsExactly(new Grid(2, 3));
        assertThat(pair.target()).isEqualTo(LatentPacking.pack(row.target().values(), 1, 16, 6, 8));
        assertThat(pair.prompt().tokens()).isEqualTo(5);
        assertThat(pair.prompt().width()).isEqualTo(12);
        assertThat(pair.prompt().pooledWidth()).isEqualTo(7);
    }

    @Test
    void oneReferenceCountInPairIdOrder() {
        List<EncodedPair> pairs = EncodedPairs.withReferences(List.of(row("b", 1), row("m", 2), row("a", 1)), 1);
        assertThat(pairs).hasSize(2);
        assertThat(pairs.get(0).target()).isEqualTo(EncodedPairs.of(row("a", 1)).target());
        assertThat(EncodedPairs.withReferences(List.of(row("b", 1)), 2)).isEmpty();

        TrainingSet set = EncodedPairs.trainingSet(pairs, new EmptyPromptEmbeddings(array(4, 5, 12), array(5, 7)));
        assertThat(set.emptyPrompt().tokens()).isEqualTo(5);
    }

    @Test
    void anOddLatentIsRefusedNamingThePair() {
        EncodedRow odd = new EncodedRow("odd-pair", "p", 64, 48, array(1, 16, 5, 8), List.of(array(2, 16, 4, 4)),
                array(2, 5, 12), array(3, 7));
        assertThatThrownBy(() -> EncodedPairs.of(odd)).hasMessageContaining("odd-pair");
    }
}
