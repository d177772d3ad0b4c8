package io.unosynth.jobs.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs any unosynth CLI command the documented way, {@code deploy/spark-submit.sh [spark-submit options --] <command>},
 * against a {@link SparkHome}: Spark's launcher builds the driver JVM from conf/spark-defaults.conf, the
 * application jar brings our code. Used for the standalone cluster, for local mode, and for S3A runs.
 */
final class SubmittedRun {
    private SubmittedRun() {}

    record Result(int exitCode, String log) {}

    /**
     * @param submitOptions spark-submit options ({@code --master ...}, {@code --conf k=v})
     * @param command the unosynth command and its options ({@code plan --out ...})
     */
    static Result run(SparkHome spark, String name, List<String> submitOptions, List<String> command,
            Map<String, String> environment, Path logDir, Duration timeout) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("bash", ItSettings.submitScript().toString()));
        line.addAll(submitOptions);
        line.add("--");
        line.addAll(command);
        Map<String, String> env = new HashMap<>(spark.environment());
        env.put("UNOSYNTH_APP_JAR", ItSettings.appJar().toString());
        env.putAll(environment);
        try (JavaProcess submit = JavaProcess.startCommand(name, line, env, logDir.resolve(name + ".log"))) {
            int exit = submit.awaitExit(timeout);
            return new Result(exit, submit.logText());
        }
    }
}
