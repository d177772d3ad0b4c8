package io.unosynth.jobs.spark;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * The values of some accumulators while their tasks still run. A driver-side accumulator only changes when a task
 * ends; but every executor heartbeat ({@code spark.executor.heartbeatInterval}) carries the current values of its
 * running tasks' accumulators, on a cluster as in local mode. This listener keeps those partial values per task and,
 * once a task ends, its final value if it succeeded (a failed attempt's rows are dropped, as Spark drops them), so
 * {@link #value} is what finished tasks produced plus what running tasks have produced so far.
 */
final class LiveCounters extends SparkListener {
    private final Set<Long> ids;
    private final Map<Long, Map<Long, Long>> runningByTask = new HashMap<>();
    private final Map<Long, Long> finished = new HashMap<>();
    /** A heartbeat taken just before a task ended may be delivered after its end: it must not count again. */
    private final Set<Long> endedTasks = new HashSet<>();

    LiveCounters(List<LongAccumulator> accumulators) {
        this.ids = Set.copyOf(accumulators.stream().map(LongAccumulator::id).toList());
    }

    synchronized long value(LongAccumulator accumulator) {
        long id = accumulator.id();
        long total = finished.getOrDefault(id, 0L);
        for (Map<Long, Long> task : runningByTask.values()) {
            total += task.getOrDefault(id, 0L);
        }
        return total;
    }

    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        // Scala iterators, not a converter: scala.jdk.javaapi is 2.13 only, and the spark-3.5 build is Scala 2.12.
        var tasks = update.accumUpdates().iterator();
        while (tasks.hasNext()) {
            var task = tasks.next();
            long taskId = (Long) task._1();
            Map<Long, Long> values = values(task._4());
            if (!values.isEmpty() && !endedTasks.contains(taskId)) {
                runningByTask.put(taskId, values);
            }
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        endedTasks.add(end.taskInfo().taskId());
        runningByTask.remove(end.taskInfo().taskId());
        if (end.taskInfo().successful()) {
            values(end.taskInfo().accumulables()).forEach((id, value) -> finished.merge(id, value, Long::sum));
        }
    }

    /** The task's own values (an info's update) of the watched accumulators. */
    private Map<Long, Long> values(scala.collection.Seq<AccumulableInfo> infos) {
        Map<Long, Long> values = new HashMap<>();
        var iterator = infos.iterator();
        while (iterator.hasNext()) {
            AccumulableInfo info = iterator.next();
            if (ids.contains(info.id()) && info.update().isDefined()
                    && info.update().get() instanceof Number number) {
                values.put(info.id(), number.longValue());
            }
        }
        return values;
    }
}
