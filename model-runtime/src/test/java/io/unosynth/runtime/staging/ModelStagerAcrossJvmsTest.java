package io.unosynth.runtime.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two executor JVMs and this one stage the same remote model at once: the file lock lets exactly one copy it. */
class ModelStagerAcrossJvmsTest {
    private static final String LOCATION = "s3a://bucket/flux";

    @TempDir
    Path store;
    @TempDir
    Path cache;

    @Test
    void concurrentJvmsCopyTheModelOnce() throws Exception {
        Path model = Files.createDirectories(store.resolve("bucket/flux"));
        Files.writeString(model.resolve("model.onnx"), "graph");
        Files.writeString(model.resolve("model.onnx_data"), "weights");
        Path log = cache.resolveSibling(cache.getFileName() + "-opens.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StageInAnotherJvm.class.getName(), store.toString(), cache.toString(), LOCATION, log.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        List<BufferedReader> outputs = new ArrayList<>();
        for (Process child : children) {
            outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
            assertThat(outputs.get(outputs.size() - 1).readLine()).isEqualTo("ready");
        }
        Files.createFile(Path.of(log + ".go"));
        Path here = new ModelStager(cache, StageInAnotherJvm.logging(new LocalDirectoryFiles(store), log))
                .stage("flux", LOCATION, "");

        for (int i = 0; i < children.size(); i++) {
            Process child = children.get(i);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = outputs.get(i).lines().reduce((first, last) -> last).orElse("");
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).isEqualTo(here.toString());
        }
        List<String> opens = Files.readAllLines(log);
        assertThat(opens).as("two files, opened by one JVM only").hasSize(2);
        assertThat(opens.stream().map(line -> line.split(" ")[0]).distinct()).hasSize(1);
        assertThat(here.resolve("model.onnx_data")).hasContent("weights");
        Files.deleteIfExists(log);
        Files.deleteIfExists(Path.of(log + ".go"));
    }
}
