package io.unosynth.runtime.contracts.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.filter.PairScore;
import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.pipeline.OverlappedInference;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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

    @Test
    void tasksShareTheExecutorsOneSimilarityWhichStopsWithItsLastLease() throws Exception {
        ModelLoader loader = DemoContracts.loader(DemoContracts.write(directory), Map.of("models.idle-timeout", "1ms"));
        OverlappedInference.Settings settings = new OverlappedInference.Settings(1, 2, 2);
        List<PairRow> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(PairFixtures.pair("p" + i, Photos.COFFEE, i % 2 == 0 ? Photos.ROCKET : Photos.CHELSEA));
        }
        List<PairRow> reversed = new ArrayList<>(pairs);
        Collections.reverse(reversed);
        ModelRegistry.Lease<DinoPairSimilarity> first = DinoPairSimilarity.shared(loader, "dino", List.of(),
                "dino=test", settings);
        ModelRegistry.Lease<DinoPairSimilarity> second = DinoPairSimilarity.shared(loader, "dino", List.of(),
                "dino=test", settings);
        DinoPairSimilarity shared = first.value();
        assertThat(second.value()).as("one per (model, devices, settings) in the JVM").isSameAs(shared);
        try (ModelRegistry.Lease<DinoPairSimilarity> other = DinoPairSimilarity.shared(loader, "dino", List.of(),
                "dino=test", new OverlappedInference.Settings(1, 3, 2))) {
            assertThat(other.value()).as("other settings, another instance").isNotSameAs(shared);
        }

        // Two tasks' streams at once on the one inference thread, consumed alternately: each in its own order.
        Iterator<PairScore> a = shared.scores(pairs.iterator());
        Iterator<PairScore> b = second.value().scores(reversed.iterator());
        List<String> seenA = new ArrayList<>();
        List<String> seenB = new ArrayList<>();
        while (a.hasNext() || b.hasNext()) {
            for (var entry : List.of(Map.entry(a, seenA), Map.entry(b, seenB))) {
                if (entry.getKey().hasNext()) {
                    PairScore score = entry.getKey().next();
                    double alone = PairScore.decode(score.pair())
                            .map(halves -> shared.cosine(halves[0], halves[1])).orElseThrow();
                    assertThat(score.cosine()).as(score.pair().pairId()).isCloseTo(alone, within(1e-5));
                    entry.getValue().add(score.pair().pairId());
                }
            }
        }
        assertThat(seenA).containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(seenB).containsExactly("p4", "p3", "p2", "p1", "p0");

        first.close();
        assertThat(shared.scores(pairs.iterator()).hasNext()).as("open while a lease is held").isTrue();
        second.close();
        // Closed models.idle-timeout (1 ms) after the last lease, on the registry's timer thread.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && isOpen(shared)) {
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> shared.scores(pairs.iterator()))
                .hasMessageContaining("Cannot start a stream: the pipeline is closed");
    }

    @Test
    void modelCallsAtOnceFollowTheIntraOpThreadsOnCpuAndAreOneOnAGpu() {
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(Map.of("models.one.location", "/m/one.onnx",
                "models.one.intra-op-threads", "1", "models.two.location", "/m/two.onnx",
                "models.two.intra-op-threads", "2", "models.all.location", "/m/all.onnx")));

        OverlappedInference.Settings oneThreadEach = DinoPairSimilarity.defaultSettings(config.require("one"),
                List.of(), 4);
        assertThat(oneThreadEach.inferenceThreads()).as("one call per core").isEqualTo(4);
        assertThat(oneThreadEach.queuedBatches()).isEqualTo(6);
        assertThat(oneThreadEach.preprocessThreads()).isEqualTo(3);
        assertThat(oneThreadEach.batchSize()).as("pairs per call").isEqualTo(8);
        assertThat(DinoPairSimilarity.defaultSettings(config.require("two"), List.of(), 4).inferenceThreads())
                .isEqualTo(2);
        assertThat(DinoPairSimilarity.defaultSettings(config.require("all"), List.of(), 4).inferenceThreads())
                .as("the engine's own threads on every core: one call at a time").isEqualTo(1);
        assertThat(DinoPairSimilarity.defaultSettings(config.require("one"), List.of("0"), 4).inferenceThreads())
                .as("a GPU").isEqualTo(1);
        OverlappedInference.Settings oneCore = DinoPairSimilarity.defaultSettings(config.require("one"), List.of(), 1);
        assertThat(oneCore.inferenceThreads()).isEqualTo(1);
        assertThat(oneCore.preprocessThreads()).isEqualTo(1);
        assertThatThrownBy(() -> DinoPairSimilarity.defaultSettings(config.require("one"), List.of(), 0))
                .hasMessage("Invalid cores: 0");
    }

    private static boolean isOpen(DinoPairSimilarity similarity) {
        try {
            similarity.scores(Collections.emptyIterator());
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
