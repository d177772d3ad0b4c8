package io.unosynth.jobs.spark;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
        // Only where Hadoop itself can load the class: under spark-submit our jar sits in a child class loader,
        // and a Configuration made on Hadoop's side (S3A's temp files) would fail to find it.
        if (hadoopCanLoad(NioLocalFileSystem.class)) {
            conf.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
        }
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

    static boolean hadoopCanLoad(Class<?> type) {
        try {
            return Class.forName(type.getName(), false, Configuration.class.getClassLoader()) == type;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
