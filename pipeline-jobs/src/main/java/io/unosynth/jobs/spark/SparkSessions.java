package io.unosynth.jobs.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session of a CLI run: the master of spark-submit if there is one, else the given one. */
public final class SparkSessions {
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {}

    /**
     * @param master the {@code --master} flag, or null to take spark-submit's (or {@link #DEFAULT_MASTER})
     * @param properties {@code spark.*} keys from the unosynth config; explicit Spark settings win over them
     */
    public static SparkSession create(String appName, String master, Map<String, String> properties) {
        SparkConf conf = new SparkConf(true);
        properties.forEach(conf::setIfMissing);
        if (master != null) {
            conf.setMaster(master);
        } else {
            conf.setIfMissing("spark.master", DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.app.name", appName);
        // Pair tables hold multi-MB PNG columns: Spark's default of 4096 rows per read batch would need gigabytes.
        conf.setIfMissing("spark.sql.parquet.columnarReaderBatchSize", "16");
        // file: without a chmod process per file written (Hadoop forks one when its native library is missing).
        conf.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
        if (conf.get("spark.master").startsWith("local")) {
            // A laptop run binds to loopback and opens no UI port: nothing to configure, nothing exposed.
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
            // Heartbeats carry the row counts of running tasks to the progress line (Spark's default is 10s).
            conf.setIfMissing("spark.executor.heartbeatInterval", "1s");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
