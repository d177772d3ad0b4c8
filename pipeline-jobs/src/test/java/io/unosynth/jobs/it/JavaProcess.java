package io.unosynth.jobs.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM (or a script starting one) the tests run as its own process (Spark master, worker, spark-submit, S3 server), with its stdout and
 * stderr in a log file under target/it for debugging. Closing destroys it and every process it started.
 */
final class JavaProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    /** Tears the process down even if the test JVM itself is stopped before close(). */
    private final Thread shutdownHook;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::destroyTree, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * @param command everything after {@code java}: JVM options, {@code -cp ...} or {@code -jar ...}, main class, args
     */
    static JavaProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(command);
        return startCommand(name, line, environment, log);
    }

    /** Any command, e.g. a script that starts JVMs of its own (they are torn down with it). */
    static JavaProcess startCommand(String name, List<String> line, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "$ " + String.join(" ", line) + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new JavaProcess(name, builder.start(), log);
    }

    Path log() {
        return log;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until {@code pattern} occurs {@code count} times in the log; fails early if the process dies. */
    void awaitLog(Pattern pattern, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(logText());
            int found = 0;
            while (matcher.find()) {
                found++;
            }
            if (found >= count) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before logging '"
                        + pattern + "'; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + pattern + "' " + count + " times within "
                + timeout + "; see " + log);
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it destroys the tree itself.
        }
        destroyTree();
    }

    private void destroyTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
