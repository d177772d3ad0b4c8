package io.unosynth.runtime.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStagerTest {
    private static final String REMOTE_DIR = "s3a://bucket/models/flux";
    private static final String REMOTE_FILE = "hdfs://namenode/models/clip.onnx";

    @TempDir
    Path store;
    @TempDir
    Path cache;

    private CountingRemoteFiles remote;

    @BeforeEach
    void writeRemoteModels() throws IOException {
        Path flux = Files.createDirectories(store.resolve("bucket/models/flux"));
        Files.writeString(flux.resolve("model.onnx"), "graph", StandardCharsets.UTF_8);
        Files.writeString(flux.resolve("model.onnx_data"), "weights".repeat(1000), StandardCharsets.UTF_8);
        Files.createDirectories(flux.resolve("extra"));
        Files.writeString(flux.resolve("extra/tokenizer.json"), "{}", StandardCharsets.UTF_8);
        Path clip = Files.createDirectories(store.resolve("namenode/models"));
        Files.writeString(clip.resolve("clip.onnx"), "clip graph", StandardCharsets.UTF_8);
        remote = new CountingRemoteFiles(new LocalDirectoryFiles(store));
    }

    @Test
    void stagesADirectoryOnceAndReusesIt() throws IOException {
        ModelStager stager = new ModelStager(cache, remote);

        Path staged = stager.stage("flux", REMOTE_DIR, "");
        Path again = stager.stage("flux", REMOTE_DIR, "");

        assertThat(staged.getParent()).isEqualTo(cache);
        assertThat(Files.readString(staged.resolve("model.onnx_data"))).hasSize(7000);
        assertThat(Files.readString(staged.resolve("extra/tokenizer.json"))).isEqualTo("{}");
        assertThat(again).isEqualTo(staged);
        assertThat(remote.opens).hasValue(3);
        assertThat(new ModelStager(cache, remote).stage("flux", REMOTE_DIR, "")).isEqualTo(staged);
        assertThat(remote.opens).as("a new stager (another JVM) reuses the published copy").hasValue(3);
    }

    @Test
    void stagesASingleFileAndReturnsTheFile() throws IOException {
        Path staged = new ModelStager(cache, remote).stage("clip", REMOTE_FILE, "");

        assertThat(staged.getFileName()).hasToString("clip.onnx");
        assertThat(Files.readString(staged)).isEqualTo("clip graph");
    }

    @Test
    void concurrentStagersInOneOrSeveralInstancesCopyOnce() throws Exception {
        List<ModelStager> stagers = List.of(new ModelStager(cache, remote), new ModelStager(cache, remote));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> paths = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ModelStager stager = stagers.get(i % 2);
                paths.add(pool.submit(() -> {
                    start.await();
                    return stager.stage("flux", REMOTE_DIR, "");
                }));
            }
            start.countDown();
            Path first = paths.get(0).get();
            for (Future<Path> path : paths) {
                assertThat(path.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(remote.opens).as("3 files, copied once").hasValue(3);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void verifiesTheChecksumOfADirectoryAndOfAFile() throws IOException {
        String dirSum = Sha256.ofPath(store.resolve("bucket/models/flux"));
        String fileSum = Sha256.ofPath(store.resolve("namenode/models/clip.onnx"));
        ModelStager stager = new ModelStager(cache, remote);

        assertThat(stager.stage("flux", REMOTE_DIR, dirSum)).isDirectory();
        assertThat(stager.stage("clip", REMOTE_FILE, fileSum)).isRegularFile();
        assertThat(stager.stage("flux", REMOTE_DIR, dirSum)).isDirectory();
        assertThat(remote.opens).hasValue(4);
    }

    @Test
    void aChecksumMismatchFailsAndPublishesNothing() throws IOException {
        String wrong = "0".repeat(64);
        ModelStager stager = new ModelStager(cache, remote);

        assertThatThrownBy(() -> stager.stage("flux", REMOTE_DIR, wrong))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.MODEL_UNAVAILABLE))
                .hasMessageContaining("Cannot stage model 'flux' from " + REMOTE_DIR)
                .hasMessageContaining("checksum mismatch, expected sha256 " + wrong + " (models.flux.checksum), found ");
        assertThat(leftovers()).isEmpty();
        assertThat(cache.resolve(ModelStager.entryName(REMOTE_DIR))).doesNotExist();
    }

    @Test
    void aCopyPublishedWithoutChecksumIsVerifiedWhenOneIsConfigured() throws IOException {
        ModelStager stager = new ModelStager(cache, remote);
        stager.stage("flux", REMOTE_DIR, "");

        assertThatThrownBy(() -> stager.stage("flux", REMOTE_DIR, "f".repeat(64)))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void anIncompleteCopyFails() {
        ModelStager stager = new ModelStager(cache, new CountingRemoteFiles(new LocalDirectoryFiles(store), 10, Optional.empty()));

        assertThatThrownBy(() -> stager.stage("clip", REMOTE_FILE, ""))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.STORAGE_FAILURE))
                .hasMessageContaining("copied 10 bytes of " + REMOTE_FILE + ", the store says 20");
    }

    @Test
    void aMissingRemoteModelFails() {
        assertThatThrownBy(() -> new ModelStager(cache, remote).stage("gone", "s3a://bucket/nothing", ""))
                .hasMessageContaining("Cannot stage model 'gone' from s3a://bucket/nothing");
    }

    @Test
    void localPathsAreUsedInPlace() throws IOException {
        Path local = store.resolve("namenode/models/clip.onnx");
        ModelStager stager = new ModelStager(cache, remote);

        assertThat(stager.stage("clip", local.toString(), "")).isEqualTo(local);
        assertThat(stager.stage("clip", local.toUri().toString(), "")).isEqualTo(local);
        assertThat(remote.opens).hasValue(0);
        assertThatThrownBy(() -> stager.stage("clip", store.resolve("absent.onnx").toString(), ""))
                .hasMessageContaining("Cannot load model 'clip': no file or directory at");
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }
}
