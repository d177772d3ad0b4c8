package io.unosynth.jobs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A Spark installation made of the Maven jars: {@code jars/} holds symlinks to what a cluster provides (Spark,
 * Hadoop, the S3A connector), which is the launcher classpath minus every jar the application jar bundles. So our
 * code and its own dependencies reach executors only inside the application jar, as on a real cluster.
 * {@code bin/spark-submit} is a stand-in for Spark's script (not in the Maven jars) that runs Spark's launcher
 * library the way {@code bin/spark-class} does.
 */
record SparkHome(Path home, List<Path> jars) {
    static SparkHome create(Path home) throws IOException {
        Set<String> bundled = entries(ItSettings.appJar());
        Path jarsDir = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        try (var script = SparkHome.class.getResourceAsStream("/spark-submit-standin.sh")) {
            Files.copy(script, submit, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        submit.toFile().setExecutable(true);
        List<Path> provided = new ArrayList<>();
        for (Path jar : ItSettings.launcherClasspath()) {
            if (firstClass(jar).map(bundled::contains).orElse(false)) {
                continue;
            }
            Path link = jarsDir.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
            provided.add(link);
        }
        return new SparkHome(home, List.copyOf(provided));
    }

    /** The classpath Spark's own scripts would use: every jar under jars/. */
    String classpath() {
        return home.resolve("jars").resolve("*").toString();
    }

    /** What a Spark daemon or spark-submit needs in its environment. */
    Map<String, String> environment() {
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", ItSettings.scalaVersion(), "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_CONF_DIR", home.resolve("conf").toString());
    }

    /** Whether some jar of this installation holds {@code classFile} (e.g. {@code io/unosynth/.../X.class}). */
    boolean provides(String classFile) throws IOException {
        for (Path jar : jars) {
            if (entries(jar).contains(classFile)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> firstClass(Path entry) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                return files.map(p -> entry.relativize(p).toString().replace('\\', '/'))
                        .filter(SparkHome::isPlainClass)
                        .findFirst();
            }
        }
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().map(JarEntry::getName).filter(SparkHome::isPlainClass).findFirst();
        }
    }

    private static boolean isPlainClass(String name) {
        return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class");
    }

    private static Set<String> entries(Path jarPath) throws IOException {
        if (Files.isDirectory(jarPath)) {
            return Set.of();
        }
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Set<String> names = new HashSet<>();
            jar.stream().forEach(e -> names.add(e.getName()));
            return names;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
