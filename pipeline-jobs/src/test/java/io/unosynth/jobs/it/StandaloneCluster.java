package io.unosynth.jobs.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and N one-core workers, each its own JVM started from the
 * Maven jars, web UIs on ephemeral ports, work dirs and logs under the given folder. {@link #close()} tears it all
 * down, executors included (they are the workers' child processes).
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Pattern WORKER_REGISTERED = Pattern.compile("Registering worker 127\\.0\\.0\\.1:");
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final List<JavaProcess> processes = new ArrayList<>();
    private final String masterUrl;

    private StandaloneCluster(String masterUrl) {
        this.masterUrl = masterUrl;
    }

    static StandaloneCluster start(SparkHome spark, Path dir, int workers) throws IOException, InterruptedException {
        int port = freePort();
        StandaloneCluster cluster = new StandaloneCluster("spark://127.0.0.1:" + port);
        try {
            JavaProcess master = cluster.launch(spark, dir.resolve("master.log"), List.of(
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--webui-port", "0"));
            master.awaitLog(Pattern.compile("I have been elected leader"), 1, STARTUP);
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.launch(spark, dir.resolve("worker-" + i + ".log"), List.of(
                        "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                        cluster.masterUrl));
            }
            master.awaitLog(WORKER_REGISTERED, workers, STARTUP);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    private JavaProcess launch(SparkHome spark, Path log, List<String> mainAndArgs) throws IOException {
        List<String> line = new ArrayList<>(List.of("-Xmx256m"));
        line.addAll(ItSettings.sparkJvmOptions());
        line.addAll(List.of("-Dspark.master.rest.enabled=false", "-cp", spark.classpath()));
        line.addAll(mainAndArgs);
        JavaProcess process = JavaProcess.start(log.getFileName().toString(), line, spark.environment(), log);
        processes.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        // Workers first (they kill their executors), then the master.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
    }
}
