package io.unosynth.jobs.score;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.judge.JudgeShardWork;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.judge.StorageJudgeCache;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.runtime.judge.VlmJudge;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a judging partition (score's or score-sets') holds: the judge (a shared client per executor), a pool as
 * wide as the endpoint's bound, and the verdict cache in {@code cacheFolder}.
 */
final class JudgeCalls implements AutoCloseable {
    private final PairJudge judge;
    private final ExecutorService pool;
    private final StorageJudgeCache cache;
    private final int concurrency;

    JudgeCalls(UnosynthConfig config, StageStorage storage, String cacheFolder) {
        this.judge = VlmJudge.open(config.judge());
        this.concurrency = config.judge().endpoint().maxConcurrentRequests();
        this.pool = Executors.newFixedThreadPool(concurrency);
        this.cache = new StorageJudgeCache(storage, cacheFolder);
    }

    /** The work of judging {@code pairs}, at most twice the endpoint's bound in flight. */
    JudgeShardWork judge(Iterable<PairRow> pairs) {
        return new JudgeShardWork(pairs, judge, cache, pool, 2 * concurrency);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        judge.close();
    }
}
