package io.unosynth.jobs.spark;

import io.unosynth.core.error.Preconditions;
import java.io.Serializable;

/**
 * What each task of a stage needs on a cluster. GPUs are claimed per task from executors that the cluster
 * configuration gives GPUs ({@code spark.executor.resource.gpu.amount} and a discovery script, conf/spark-defaults.conf);
 * with dynamic allocation off, a stage can only ask per task, not for other executors.
 *
 * @param taskCpus executor cores one task occupies
 * @param taskGpus GPUs one task occupies; fractions share a GPU between tasks (0.5 = two tasks per GPU)
 */
public record StageResources(int taskCpus, double taskGpus) implements Serializable {
    /** The cluster's defaults: nothing stage-specific is requested. */
    public static final StageResources DEFAULT = new StageResources(1, 0);

    public StageResources {
        Preconditions.checkArgument(taskCpus >= 1, "Invalid task CPUs: %s (expected >= 1)", taskCpus);
        Preconditions.checkArgument(taskGpus >= 0 && (taskGpus <= 1 || taskGpus == Math.rint(taskGpus)),
                "Invalid task GPUs: %s (expected 0, a fraction of one GPU, or a whole number)", taskGpus);
    }

    public static StageResources gpusPerTask(double gpus) {
        return new StageResources(1, gpus);
    }
}
