package io.unosynth.jobs.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs any unosynth CLI command through Spark's real {@code SparkSubmit} entry point, in its own JVM, the way
 * {@code bin/spark-submit} would: the driver JVM gets the --add-opens flags and the Spark jars, the application
 * jar brings our code. Used for the standalone cluster, for local mode, and for S3A runs.
 */
final class SubmittedRun {
    private SubmittedRun() {}

    record Result(int exitCode, String log) {}

    /**
     * @param submitOptions spark-submit options before the jar ({@code --master ...}, {@code --conf k=v})
     * @param command the unosynth command and its options ({@code plan --out ...})
     */
    static Result run(SparkHome spark, String name, List<String> submitOptions, List<String> command,
            Map<String, String> environment, Path logDir, Duration timeout) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("-Xmx768m"));
        line.addAll(ItSettings.sparkJvmOptions());
        line.add("-Dlog4j2.configurationFile=" + ItSettings.confDir().resolve("log4j2.properties"));
        line.addAll(List.of("-cp", spark.classpath(), "org.apache.spark.deploy.SparkSubmit"));
        line.addAll(submitOptions);
        line.addAll(List.of("--class", "io.unosynth.jobs.cli.Unosynth", ItSettings.appJar().toString()));
        line.addAll(command);
        Map<String, String> env = new HashMap<>(spark.environment());
        env.putAll(environment);
        try (JavaProcess submit = JavaProcess.start(name, line, env, logDir.resolve(name + ".log"))) {
            int exit = submit.awaitExit(timeout);
            return new Result(exit, submit.logText());
        }
    }
}
