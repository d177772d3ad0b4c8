package io.unosynth.jobs.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What the build hands the integration tests (failsafe system properties, see pipeline-jobs/pom.xml). */
final class ItSettings {
    private ItSettings() {}

    /** The spark-submit application jar (built in the package phase). */
    static Path appJar() {
        return existing("unosynth.it.app-jar");
    }

    /** The Scala binary version of the Spark under test (2.13 for Spark 4.1, 2.12 with -Pspark-3.5). */
    static String scalaVersion() {
        return property("unosynth.it.scala-version");
    }

    /** The s3proxy jar-with-dependencies (copied in pre-integration-test). */
    static Path s3proxyJar() {
        return existing("unosynth.it.s3proxy-jar");
    }

    static Path confDir() {
        return existing("unosynth.it.conf-dir");
    }

    /** The documented submission script, deploy/spark-submit.sh. */
    static Path submitScript() {
        return confDir().resolveSibling("deploy").resolve("spark-submit.sh");
    }

    /** A fresh working folder for one test class, under target/it. */
    static Path workDir(String name) throws IOException {
        Path dir = Path.of(property("unosynth.it.work")).resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Spark's --add-opens list (parent POM property spark.jvm.opens). */
    static List<String> sparkJvmOptions() {
        return Arrays.stream(property("unosynth.it.jvm-options").trim().split("\\s+")).toList();
    }

    /** Every jar of the launcher: Spark, Hadoop, hadoop-aws, our dependencies. */
    static List<Path> launcherClasspath() throws IOException {
        String text = Files.readString(existing("unosynth.it.launcher-classpath")).trim();
        return Arrays.stream(text.split(java.io.File.pathSeparator)).map(Path::of).toList();
    }

    private static Path existing(String key) {
        Path path = Path.of(property(key));
        if (!Files.exists(path)) {
            throw new IllegalStateException("Cannot find " + key + " at " + path + ": run the tests with mvn verify");
        }
        return path;
    }

    private static String property(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("Missing system property " + key + ": run the tests with mvn verify");
        }
        return value;
    }
}
