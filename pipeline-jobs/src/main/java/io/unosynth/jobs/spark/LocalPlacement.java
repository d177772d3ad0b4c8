package io.unosynth.jobs.spark;

import org.apache.spark.api.java.JavaRDD;

/** Local mode: every task shares the one JVM's resources; there is nothing to request. */
final class LocalPlacement implements ResourcePlacement {
    static final LocalPlacement INSTANCE = new LocalPlacement();

    private LocalPlacement() {}

    @Override
    public <T> JavaRDD<T> place(JavaRDD<T> rdd, StageResources resources) {
        return rdd;
    }
}
