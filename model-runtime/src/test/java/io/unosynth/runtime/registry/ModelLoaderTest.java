package io.unosynth.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.runtime.device.DeviceSelector;
import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.Backends;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import io.unosynth.runtime.staging.ModelStager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    @TempDir
    Path store;
    @TempDir
    Path cache;

    private final CountingBackend backend = new CountingBackend();
    private final ModelRegistry registry = new ModelRegistry();

    @Test
    void eightConcurrentTasksAskingForOneModelLoadItOnce() throws Exception {
        ModelLoader loader = loader(Map.of("models.dino.location", localModel(), "models.dino.backend", "counting",
                "models.idle-timeout", "300ms"), Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<ModelRegistry.Lease<ModelSession>> leases = new ArrayList<>();
        try {
            List<Future<ModelRegistry.Lease<ModelSession>>> futures = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return loader.acquire("dino", List.of(), ModelSignature.EMPTY);
                }));
            }
            start.countDown();
            for (Future<ModelRegistry.Lease<ModelSession>> future : futures) {
                leases.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(backend.loads).hasSize(1);
        assertThat(leases).extracting(ModelRegistry.Lease::value).containsOnly(leases.get(0).value());
        assertThat(registry.size()).isEqualTo(1);
        assertThat(leases.get(0).value().run(Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 2))).get("y")
                .toFloatArray()).containsExactly(2, 4);

        leases.subList(0, 7).forEach(ModelRegistry.Lease::close);
        assertThat(backend.closed).as("still leased by one task").isEmpty();
        leases.get(7).close();
        assertThat(backend.closed).as("kept for the idle time").isEmpty();
        try (var nextTask = loader.acquire("dino", List.of(), ModelSignature.EMPTY)) {
            assertThat(nextTask.value()).as("the next task finds it loaded").isSameAs(leases.get(0).value());
        }
        assertThat(backend.loads).hasSize(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!backend.closed.contains(leases.get(0).value()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(backend.closed).as("closed once idle").containsExactly(leases.get(0).value());
        assertThat(registry.size()).isZero();
    }

    @Test
    void differentDevicesGetSeparateSessions() {
        ModelLoader loader = loader(Map.of("models.dino.location", localModel(), "models.dino.backend", "counting"),
                Map.of(DeviceSelector.CUDA_VISIBLE_DEVICES, "5,6"));

        try (var onFirst = loader.acquire("dino", List.of("5"), ModelSignature.EMPTY);
                var onSecond = loader.acquire("dino", List.of("6"), ModelSignature.EMPTY);
                var onFirstAgain = loader.acquire("dino", List.of("5"), ModelSignature.EMPTY)) {
            assertThat(onFirst.value()).isSameAs(onFirstAgain.value()).isNotSameAs(onSecond.value());
            assertThat(onFirst.value().device()).isEqualTo(Device.cuda(0));
            assertThat(onSecond.value().device()).isEqualTo(Device.cuda(1));
            assertThat(backend.loads).hasSize(2);
        }
    }

    @Test
    void aRemoteModelIsStagedBeforeLoading() throws Exception {
        Files.createDirectories(store.resolve("bucket/m"));
        Files.writeString(store.resolve("bucket/m/model.onnx"), "graph");
        ModelLoader loader = loader(Map.of("models.dino.location", "s3a://bucket/m",
                "models.dino.backend", "counting", "models.dino.intra-op-threads", "3"), Map.of());

        try (var lease = loader.acquire("dino", List.of(), ModelSignature.EMPTY)) {
            assertThat(lease.value().modelName()).isEqualTo("dino");
            Path loaded = backend.loads.get(0).path();
            assertThat(loaded.getParent()).isEqualTo(cache);
            assertThat(loaded.resolve("model.onnx")).hasContent("graph");
            assertThat(backend.loads.get(0).options().intraOpThreads()).isEqualTo(3);
            assertThat(backend.loads.get(0).options().seed()).isEqualTo(42L);
        }
    }

    @Test
    void unknownModelsAndBackendsAreNamed() {
        ModelLoader loader = loader(Map.of("models.dino.location", localModel(), "models.dino.backend", "tvm"),
                Map.of());

        assertThatThrownBy(() -> loader.acquire("sam", List.of(), ModelSignature.EMPTY))
                .hasMessageContaining("no model 'sam' (set models.sam.location); configured models: "
                        + "[clip, clip-text-projected, clip-vision, dino,");
        assertThatThrownBy(() -> loader.acquire("dino", List.of(), ModelSignature.EMPTY))
                .hasMessageContaining("Invalid model backend: 'tvm'; available backends: [onnx, counting, djl]");
    }

    @Test
    void theBuiltInSpecsLoadTheDemoModelsWithNoFiles() throws Exception {
        ModelLoader loader = ModelLoader.create(UnosynthConfig.bind(ConfigValues.of(
                Map.of("models.cache-dir", store.resolve("cache").toString()))).models(),
                new LocalDirectoryFiles(store), 0);

        try (ModelRegistry.Lease<ModelSession> dino = loader.acquire("dino", List.of(), ModelSignature.EMPTY)) {
            assertThat(dino.value().inputs()).extracting(TensorSpec::name).contains("pixel_values");
        }
        assertThat(store.resolve("cache")).isNotEmptyDirectory();
    }

    @Test
    void aFailedLoadLeavesNothingBehindAndCanBeRetried() {
        ModelLoader loader = loader(Map.of("models.dino.location", store.resolve("absent.onnx").toString(),
                "models.dino.backend", "counting"), Map.of());

        assertThatThrownBy(() -> loader.acquire("dino", List.of(), ModelSignature.EMPTY))
                .hasMessageContaining("Cannot load model 'dino': no file or directory at");
        assertThat(registry.size()).isZero();
        assertThat(backend.loads).isEmpty();
    }

    private String localModel() {
        try {
            return Files.writeString(store.resolve("local.onnx"), "graph").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ModelLoader loader(Map<String, String> settings, Map<String, String> environment) {
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(settings));
        List<BackendProvider> providers = new ArrayList<>(Backends.discover().providers());
        providers.add(backend);
        return new ModelLoader(config, new Backends(providers), new ModelStager(cache, new LocalDirectoryFiles(store)),
                new DeviceSelector(environment), registry, 42L);
    }
}
