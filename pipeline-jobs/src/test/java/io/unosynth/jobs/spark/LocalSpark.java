package io.unosynth.jobs.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session tests share: two threads, bound to loopback, no UI, and up to three attempts per task so
 * retries can be exercised.
 */
public final class LocalSpark {
    public static final String MASTER = "local[2,3]";

    private LocalSpark() {}

    public static synchronized SparkSession session() {
        return SparkSession.builder()
                .master(MASTER)
                .appName("unosynth-tests")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.parquet.columnarReaderBatchSize", "16")
                // Live progress comes with executor heartbeats; tests watch it within a second.
                .config("spark.executor.heartbeatInterval", "300ms")
                .getOrCreate();
    }
}
