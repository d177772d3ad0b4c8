package io.unosynth.jobs.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;

/**
 * A cluster: a stage that needs more than the defaults gets a task-level resource profile (a
 * {@code TaskResourceProfile}: the executors stay as configured, which works with dynamic allocation off). Stage-level
 * scheduling is RDD-only in Java, hence an RDD here.
 */
final class ClusterPlacement implements ResourcePlacement {
    static final ClusterPlacement INSTANCE = new ClusterPlacement();
    static final String GPU = "gpu";

    private ClusterPlacement() {}

    @Override
    public <T> JavaRDD<T> place(JavaRDD<T> rdd, StageResources resources) {
        if (resources.equals(StageResources.DEFAULT)) {
            return rdd;
        }
        return rdd.withResources(profile(resources));
    }

    static ResourceProfile profile(StageResources resources) {
        TaskResourceRequests task = new TaskResourceRequests().cpus(resources.taskCpus());
        if (resources.taskGpus() > 0) {
            task.resource(GPU, resources.taskGpus());
        }
        return new ResourceProfileBuilder().require(task).build();
    }
}
