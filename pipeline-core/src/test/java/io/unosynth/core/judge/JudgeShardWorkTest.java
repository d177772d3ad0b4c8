package io.unosynth.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.core.shard.LocalStageStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeShardWorkTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<PairRow> pairs = IntStream.range(0, 9)
            .mapToObj(i -> PairFixtures.pair("p" + i, Photos.COFFEE, Photos.CHELSEA)).toList();

    @TempDir
    Path root;

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Scores pair i with (i % 5) * 1.0, fails every pair whose index is 4, sleeps so calls overlap. */
    static final class ScriptedJudge implements PairJudge {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public String model() {
            return "fake-vlm";
        }

        @Override
        public String promptVersion() {
            return "prompts-1";
        }

        @Override
        public JudgeVerdict judge(PairRow pair, Consumer<String> failures) {
            calls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                int index = Integer.parseInt(pair.pairId().substring(1));
                // Later pairs answer sooner, so completion order differs from input order.
                Thread.sleep(5L * (10 - index));
                if (index == 4) {
                    failures.accept("judge_unanswered");
                    return JudgeVerdict.failed(pair, model(), promptVersion(), "judge_unanswered",
                            JudgeVerdict.Transcript.EMPTY, JudgeVerdict.Usage.NONE);
                }
                return JudgeVerdicts.scored(pair, model(), promptVersion(), index % 5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void emitsInInputOrderWithinTheWindowAndCachesOnlyScored() {
        ScriptedJudge judge = new ScriptedJudge();
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), "score/_cache");
        CollectingEmitter<JudgeVerdict> first = new CollectingEmitter<>();

        new JudgeShardWork(pairs, judge, cache, pool, 3).run(first);

        assertThat(first.rows()).extracting(JudgeVerdict::pairId)
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8");
        assertThat(first.rows().get(4).status()).isEqualTo(JudgeVerdict.Status.FAILED);
        assertThat(first.rows().get(7).finalScore()).isEqualTo(2.0);
        assertThat(first.rows()).noneMatch(JudgeVerdict::cached);
        assertThat(first.failures()).isEqualTo(Map.of("judge_unanswered", 1));
        assertThat(first.inputs()).isEqualTo(9);
        assertThat(first.models()).containsExactly("judge:fake-vlm@prompts-prompts-1");
        assertThat(judge.calls.get()).isEqualTo(9);
        assertThat(judge.maxInFlight.get()).isBetween(2, 3);

        CollectingEmitter<JudgeVerdict> rerun = new CollectingEmitter<>();
        new JudgeShardWork(pairs, judge, cache, pool, 3).run(rerun);

        assertThat(judge.calls.get()).as("only the failed pair is judged again").isEqualTo(10);
        assertThat(rerun.rows()).extracting(JudgeVerdict::pairId).containsExactlyElementsOf(
                first.rows().stream().map(JudgeVerdict::pairId).toList());
        assertThat(rerun.rows()).filteredOn(JudgeVerdict::cached).hasSize(8);
        assertThat(rerun.rows().get(7)).isEqualTo(first.rows().get(7).asCached());
    }

    @Test
    void anUnconfiguredJudgeMarksEveryPairUnscoredAndTouchesNoCache() {
        AtomicInteger cacheCalls = new AtomicInteger();
        JudgeCache spying = new JudgeCache() {
            @Override
            public java.util.Optional<JudgeVerdict> get(JudgeKey key) {
                cacheCalls.incrementAndGet();
                return java.util.Optional.empty();
            }

            @Override
            public void put(JudgeVerdict verdict) {
                cacheCalls.incrementAndGet();
            }
        };
        CollectingEmitter<JudgeVerdict> emitter = new CollectingEmitter<>();

        new JudgeShardWork(pairs, PairJudge.unconfigured(), spying, pool, 3).run(emitter);

        assertThat(emitter.rows()).hasSize(9).allSatisfy(v -> {
            assertThat(v.status()).isEqualTo(JudgeVerdict.Status.UNSCORED);
            assertThat(v.finalScore()).isNull();
        });
        assertThat(cacheCalls.get()).isZero();
        assertThat(emitter.failures()).isEmpty();
    }
}
