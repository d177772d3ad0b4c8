package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.RunConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.progress.ConsoleProgress;
import io.unosynth.core.progress.ProgressLine;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.RowFormat;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardPlan;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.TaskAttempt;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Runs one stage's shards on Spark under the shard protocol: the driver decides what is left to do, each Spark task
 * executes whole shards and commits them, and the driver reports progress and, at the end, a summary from the markers.
 * The Spark binding holds no stage logic: it ships {@link ShardTask}s and a {@link StageWork}.
 */
public final class ShardedStage<S extends Serializable, T> {
    private final ShardProtocol protocol;
    private final StageStorage storage;
    private final RowFormat<T> format;
    private final StageWork<S, T> work;

    public ShardedStage(ShardProtocol protocol, StageStorage storage, RowFormat<T> format, StageWork<S, T> work) {
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.format = requireNonNull(format, "format is null");
        this.work = requireNonNull(work, "work is null");
    }

    /** Runs the stage with the run's partitioning, progress interval and failure budget. */
    public StageSummary run(SparkSession spark, List<ShardTask<S>> tasks, RunConfig run, boolean force,
            PrintStream console) {
        return run(spark, tasks, run.partitions(), force, run.progressInterval(), run.maxFailedFraction(), console);
    }

    public StageSummary run(SparkSession spark, List<ShardTask<S>> tasks, int partitions, boolean force,
            Duration progressInterval, PrintStream console) {
        return run(spark, tasks, partitions, force, progressInterval, RunConfig.MAX_FAILED_FRACTION_DEFAULT, console);
    }

    /**
     * @param partitions Spark tasks to spread the shards over; 0 for one task per shard
     * @param force redo the whole stage: its folder is deleted first (caches live elsewhere and are kept)
     * @param maxFailedFraction share of the stage's input rows that may fail for an external reason before the stage
     *     fails with exit 3; such rows are never final, the next run retries them
     */
    public StageSummary run(SparkSession spark, List<ShardTask<S>> tasks, int partitions, boolean force,
            Duration progressInterval, double maxFailedFraction, PrintStream console) {
        String stage = protocol.layout().stage();
        ShardPlan plan;
        Map<ShardId, Map<String, String>> upstream = new LinkedHashMap<>();
        tasks.forEach(task -> upstream.putIfAbsent(task.id(), task.upstream()));
        try {
            if (force) {
                protocol.clear(storage);
            }
            plan = protocol.plan(storage, upstream);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot read stage '" + stage + "' in " + storage.describe() + ": " + e.getMessage(), e);
        }
        if (!plan.stale().isEmpty()) {
            console.println("[" + stage + "] redoing " + plan.stale().size() + " shard(s) whose upstream data changed: "
                    + abbreviated(plan.stale()));
        }
        if (!plan.retried().isEmpty()) {
            console.println("[" + stage + "] retrying " + plan.retried().size()
                    + " shard(s) with rows that failed for an external reason: " + abbreviated(plan.retried()));
        }
        Set<ShardId> todoIds = new HashSet<>(plan.todo());
        List<ShardTask<S>> todo = tasks.stream().filter(t -> todoIds.contains(t.id())).toList();
        if (!todo.isEmpty()) {
            execute(spark, stage, todo, plan.done().size(), partitions, progressInterval, console);
            removeStaging(stage);
        }
        Set<String> wanted = new HashSet<>();
        tasks.forEach(t -> wanted.add(t.id().value()));
        List<ShardStats> markers;
        try {
            markers = protocol.readMarkers(storage).stream().filter(s -> wanted.contains(s.shard())).toList();
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot read the markers of stage '" + stage + "': " + e.getMessage(), e);
        }
        StageSummary summary = StageSummary.of(stage, markers, todo.size());
        console.println(summary.render());
        failIfTooManyRetryable(stage, markers, maxFailedFraction);
        return summary;
    }

    /**
     * External failures are committed (the rest of each shard is kept) but not final; past the budget the stage
     * fails with the external category (exit 3), naming the reasons, so neither the user nor the next stage takes
     * a mostly failed stage for a finished one.
     */
    private static void failIfTooManyRetryable(String stage, List<ShardStats> markers, double maxFailedFraction) {
        long retryable = markers.stream().mapToLong(ShardStats::retryable).sum();
        if (retryable == 0) {
            return;
        }
        long inputs = Math.max(1, markers.stream().mapToLong(ShardStats::rowsIn).sum());
        if ((double) retryable / inputs > maxFailedFraction) {
            Map<String, Long> reasons = new TreeMap<>();
            markers.stream().filter(stats -> !stats.isFinal())
                    .forEach(stats -> stats.failures().forEach((reason, count) -> reasons.merge(reason, count,
                            Long::sum)));
            throw new PipelineException(PipelineErrorCode.ENDPOINT_FAILURE, String.format(Locale.ROOT,
                    "Cannot finish stage '%s': %d of %d rows failed for an external reason (more than %s allowed by "
                            + "%s), failures %s; the finished rows are kept, rerun to retry the failed ones",
                    stage, retryable, inputs, maxFailedFraction, RunConfig.MAX_FAILED_FRACTION, reasons));
        }
    }

    private static String abbreviated(List<ShardId> shards) {
        List<String> names = shards.stream().limit(5).map(ShardId::value).toList();
        return String.join(", ", names) + (shards.size() > 5 ? ", ..." : "");
    }

    /** Staging names are per attempt; once every shard is committed, what is left there is debris of dead attempts. */
    private void removeStaging(String stage) {
        try {
            storage.delete(stage + "/" + ShardLayout.STAGING);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot clean the staging folder of stage '" + stage + "': " + e.getMessage(), e);
        }
    }

    /**
     * A failed Spark job carries the last task's exception as its cause (when it could be serialized): a
     * categorized failure from the shard protocol (e.g. storage, naming shard and path) keeps its code, so the CLI
     * exits accordingly; anything else propagates unchanged.
     */
    private static void rethrowCategorized(String stage, Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PipelineException categorized) {
                throw new PipelineException(categorized.code(),
                        "Cannot run stage '" + stage + "': " + categorized.getMessage(), failure);
            }
        }
    }

    private void execute(SparkSession spark, String stage, List<ShardTask<S>> todo, int skipped, int partitions,
            Duration progressInterval, PrintStream console) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator shardsDone = context.sc().longAccumulator(stage + ".shards");
        LongAccumulator rows = context.sc().longAccumulator(stage + ".rows");
        LongAccumulator failures = context.sc().longAccumulator(stage + ".failures");
        LongAccumulator sessions = context.sc().longAccumulator(stage + ".sessions");
        // Rows are counted as they are emitted; executor heartbeats bring the counts of running tasks to the driver.
        LiveCounters live = new LiveCounters(List.of(shardsDone, rows, failures, sessions));
        context.sc().addSparkListener(live);
        long expected = expectedRows(todo);
        ConsoleProgress progress = ConsoleProgress.forConsole(console);
        long start = System.nanoTime();
        Runnable report = () -> progress.update(new ProgressLine(stage, live.value(shardsDone), todo.size(), skipped,
                live.value(rows), expected, live.value(failures), live.value(sessions),
                Duration.ofNanos(System.nanoTime() - start)).render());
        // The stage's start is shown at once, not after the first interval.
        progress.println(String.format(Locale.ROOT, "[%s] starting %d shards (%d already done)", stage, todo.size(),
                skipped));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "unosynth-progress");
            thread.setDaemon(true);
            return thread;
        });
        // A terminal line redrawn in place may move every second; plain lines keep run.progress-interval.
        long period = progress.inPlace() ? Math.min(progressInterval.toMillis(), 1000) : progressInterval.toMillis();
        ticker.scheduleAtFixedRate(report, period, period, TimeUnit.MILLISECONDS);
        context.setJobGroup("unosynth-" + stage, "unosynth " + stage + ": " + todo.size() + " shards", false);
        ShardProtocol protocol = this.protocol;
        StageStorage storage = this.storage;
        RowFormat<T> format = this.format;
        StageWork<S, T> work = this.work;
        JavaRDD<ShardTask<S>> placed = ResourcePlacement.forMaster(context.master())
                .place(context.parallelize(todo, partitions > 0 ? partitions : todo.size()), work.resources());
        try {
            placed.mapPartitions((Iterator<ShardTask<S>> shards) -> {
                List<ShardStats> written = new ArrayList<>();
                if (!shards.hasNext()) {
                    return written.iterator();
                }
                TaskContext task = TaskContext.get();
                TaskAttempt attempt = new TaskAttempt(SparkEnv.get().executorId(),
                        task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId());
                try (StageWork.Session<S, T> session = work.open()) {
                    sessions.add(1);
                    while (shards.hasNext()) {
                        ShardTask<S> shard = shards.next();
                        ShardWork<T> shardWork = session.forShard(shard.input());
                        ShardStats stats;
                        try {
                            stats = protocol.execute(storage, shard.id(), shard.upstream(), attempt, format,
                                    counted(shardWork, rows, failures));
                        } finally {
                            if (shardWork instanceof AutoCloseable closeable) {
                                closeable.close();
                            }
                        }
                        shardsDone.add(1);
                        written.add(stats);
                    }
                }
                return written.iterator();
            }).collect();
        } catch (Exception e) {
            rethrowCategorized(stage, e);
            throw e;
        } finally {
            ticker.shutdownNow();
            context.sc().removeSparkListener(live);
            progress.finish(new ProgressLine(stage, shardsDone.value(), todo.size(), skipped, rows.value(), expected,
                    failures.value(), sessions.value(), Duration.ofNanos(System.nanoTime() - start)).render());
        }
    }

    private long expectedRows(List<ShardTask<S>> todo) {
        long total = 0;
        for (ShardTask<S> task : todo) {
            long rows = work.expectedRows(task.input());
            if (rows < 0) {
                return -1;
            }
            total += rows;
        }
        return total;
    }

    /** The shard's work with every row and counted failure added to the live counters as it happens. */
    private static <T> ShardWork<T> counted(ShardWork<T> work, LongAccumulator rows, LongAccumulator failures) {
        return emitter -> work.run(new ShardEmitter<>() {
            @Override
            public void emit(T row) {
                emitter.emit(row);
                rows.add(1);
            }

            @Override
            public void countInput(long inputs) {
                emitter.countInput(inputs);
            }

            @Override
            public void countFailure(String reason) {
                emitter.countFailure(reason);
                failures.add(1);
            }

            @Override
            public void markRetryable() {
                emitter.markRetryable();
            }

            @Override
            public void useModel(String modelId) {
                emitter.useModel(modelId);
            }
        });
    }
}
