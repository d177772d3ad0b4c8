package io.unosynth.jobs.spark;

import org.apache.spark.api.java.JavaRDD;

/**
 * Turns a stage's {@link StageResources} into Spark scheduling. On a cluster the stage's RDD gets a stage-level
 * resource profile; local mode has no such thing (Spark refuses profiles there, and one JVM owns the machine), so
 * local runs and tests take the no-op path. Chosen from the master URL.
 */
public interface ResourcePlacement {
    /** Returns the RDD whose tasks run with {@code resources}: {@code rdd} itself or one carrying a profile. */
    <T> JavaRDD<T> place(JavaRDD<T> rdd, StageResources resources);

    static ResourcePlacement forMaster(String master) {
        return master.startsWith("local") ? LocalPlacement.INSTANCE : ClusterPlacement.INSTANCE;
    }
}
