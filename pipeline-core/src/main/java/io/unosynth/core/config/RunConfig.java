package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the whole run.
 *
 * @param output root of the run's output: a local path or a Hadoop URI ({@code file:}, {@code hdfs:}, {@code s3a:})
 * @param seed the run seed from which every per-sample seed is derived
 * @param progressInterval how often the driver prints the live progress line
 * @param partitions Spark tasks a stage's shards are spread over; 0 for one task per shard. Outputs do not
 *     depend on it: a shard is written the same wherever it runs.
 * @param maxFailedFraction the largest share of a stage's input rows that may fail for an external reason
 *     (endpoint down, timeout) before the stage fails with exit 3; those rows are retried by the next run either way
 */
public record RunConfig(String output, long seed, Duration progressInterval, int partitions,
        double maxFailedFraction) implements Serializable {
    public static final String OUTPUT = "run.output";
    public static final String OUTPUT_DEFAULT = "runs/demo";
    public static final String SEED = "run.seed";
    public static final long SEED_DEFAULT = 20250402L;
    public static final String PROGRESS_INTERVAL = "run.progress-interval";
    public static final Duration PROGRESS_INTERVAL_DEFAULT = Duration.ofSeconds(5);
    public static final String PARTITIONS = "run.partitions";
    public static final int PARTITIONS_DEFAULT = 0;
    public static final String MAX_FAILED_FRACTION = "run.max-failed-fraction";
    public static final double MAX_FAILED_FRACTION_DEFAULT = 0.05;

    public RunConfig {
        requireNonNull(output, "output is null");
        requireNonNull(progressInterval, "progressInterval is null");
    }

    public static RunConfig from(ConfigValues values) {
        String output = values.string(OUTPUT, OUTPUT_DEFAULT);
        if (output.isBlank()) {
            throw values.invalid(OUTPUT, "expected a path or URI");
        }
        return new RunConfig(output, values.longValue(SEED, SEED_DEFAULT),
                values.duration(PROGRESS_INTERVAL, PROGRESS_INTERVAL_DEFAULT),
                values.intAtLeast(PARTITIONS, PARTITIONS_DEFAULT, 0),
                values.doubleIn(MAX_FAILED_FRACTION, MAX_FAILED_FRACTION_DEFAULT, 0.0, 1.0));
    }
}
