package io.unosynth.core.judge;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The score stage's work for one shard of pairs that passed the filter: one verdict per pair, in input order.
 *
 * <p>With an {@linkplain PairJudge#unconfigured() unconfigured} judge every pair is marked unscored and neither
 * the cache nor any endpoint is touched. Otherwise a cached verdict for (pair, judge model, prompt version) is
 * reused (marked {@link JudgeVerdict#cached()}, so the table tells how many were paid for in this run), and the
 * rest are judged on {@code executor}, at most {@code window} pairs at a time so a shard's images are never all
 * held at once. New scored verdicts are cached as soon as they arrive; failed ones are emitted (status
 * {@code FAILED}) and not cached, and unless the failure lies in the pair itself they mark the shard as not final,
 * so a rerun redoes it: cached verdicts make that retry exactly the failed pairs.
 */
public final class JudgeShardWork implements ShardWork<JudgeVerdict> {
    private final Iterable<PairRow> pairs;
    private final PairJudge judge;
    private final JudgeCache cache;
    private final Executor executor;
    private final int window;

    /**
     * @param executor runs the judge calls; a pool about as large as the endpoint's concurrency bound
     * @param window pairs in flight at once (a few times the endpoint's concurrency keeps it busy)
     */
    public JudgeShardWork(Iterable<PairRow> pairs, PairJudge judge, JudgeCache cache, Executor executor,
            int window) {
        this.pairs = requireNonNull(pairs, "pairs is null");
        this.judge = requireNonNull(judge, "judge is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.executor = requireNonNull(executor, "executor is null");
        checkArgument(window >= 1, "Invalid judge window: %s", window);
        this.window = window;
    }

    @Override
    public void run(ShardEmitter<JudgeVerdict> emitter) {
        if (!judge.scores()) {
            for (PairRow pair : pairs) {
                emitter.countInput(1);
                emitter.emit(JudgeVerdict.unscored(pair));
            }
            return;
        }
        emitter.useModel("judge:" + judge.model() + "@prompts-" + judge.promptVersion());
        Deque<CompletableFuture<JudgeVerdict>> inFlight = new ArrayDeque<>();
        for (PairRow pair : pairs) {
            emitter.countInput(1);
            JudgeKey key = new JudgeKey(pair.pairId(), judge.model(), judge.promptVersion());
            CompletableFuture<JudgeVerdict> verdict = cache.get(key)
                    .map(CompletableFuture::completedFuture)
                    .orElseGet(() -> CompletableFuture.supplyAsync(() -> judgeAndCache(pair, emitter), executor));
            inFlight.addLast(verdict);
            while (inFlight.size() >= window) {
                emitter.emit(inFlight.removeFirst().join());
            }
        }
        while (!inFlight.isEmpty()) {
            emitter.emit(inFlight.removeFirst().join());
        }
    }

    private JudgeVerdict judgeAndCache(PairRow pair, ShardEmitter<JudgeVerdict> emitter) {
        JudgeVerdict verdict = judge.judge(pair, emitter::countFailure);
        if (verdict.status() == JudgeVerdict.Status.SCORED) {
            cache.put(verdict);
        } else if (verdict.status() == JudgeVerdict.Status.FAILED && !judge.rowSpecific(verdict.failureReason())) {
            emitter.markRetryable();
        }
        return verdict;
    }
}
