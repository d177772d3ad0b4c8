package io.unosynth.runtime.contracts.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.filter.PairScore;
import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.pipeline.OverlappedInference;
import io.unosynth.runtime.registry.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter's batched, overlapped pair scoring gives the cosines of pair-at-a-time embedding, in order. */
class DinoPairSimilarityTest {
    @TempDir
    Path directory;

    @Test
    void batchedOverlappedScoresEqualOnePairAtATimeInInputOrder() throws Exception {
        ModelLoader loader = DemoContracts.loader(DemoContracts.write(directory), Map.of());
        byte[] garbage = {1, 2, 3};
        List<PairRow> pairs = List.of(
                PairFixtures.pair("same", Photos.COFFEE, Photos.COFFEE),
                PairFixtures.pair("other", Photos.COFFEE, Photos.ROCKET),
                PairFixtures.pair("broken", 7, "Cup", "cup", Photos.png(Photos.COFFEE), garbage),
                PairFixtures.pair("cat-rocket", Photos.CHELSEA, Photos.ROCKET),
                PairFixtures.pair("bikes", Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT));
        try (DemoContracts.Leased dino = DemoContracts.open(loader, "dino");
                DinoPairSimilarity batched = new DinoPairSimilarity(new DinoEmbedder(dino.session(),
                        BatchSize.DEFAULT), "dino=test", new OverlappedInference.Settings(2, 2, 2))) {
            List<PairScore> scores = new ArrayList<>();
            Iterator<PairScore> stream = batched.scores(pairs.iterator());
            stream.forEachRemaining(scores::add);

            assertThat(scores).extracting(s -> s.pair().pairId())
                    .containsExactly("same", "other", "broken", "cat-rocket", "bikes");
            assertThat(scores).extracting(PairScore::decoded).containsExactly(true, true, false, true, true);
            assertThat(scores.get(0).cosine()).isCloseTo(1.0, within(1e-6));
            for (PairScore score : scores) {
                if (score.decoded()) {
                    double alone = PairScore.decode(score.pair())
                            .map(halves -> batched.cosine(halves[0], halves[1])).orElseThrow();
                    assertThat(score.cosine()).as(score.pair().pairId()).isCloseTo(alone, within(1e-5));
                }
            }
        }
    }
}
