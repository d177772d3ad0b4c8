package io.unosynth.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.TorchFixtures;
import io.unosynth.runtime.onnx.OnnxBackend;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.SessionOptions;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlBackendTest {
    /** Kept under target/ across runs: libtorch unpacks ~445 MB here on first use. */
    static final Path ENGINE_CACHE = Path.of("target", "djl-engine-cache").toAbsolutePath();
    private static final ModelSignature MLP = new ModelSignature(
            List.of(TensorSpec.of("x", DataType.FLOAT32, -1, 4)), List.of(TensorSpec.of("y", DataType.FLOAT32, -1, 3)));
    private static final ModelSignature NOISE = new ModelSignature(
            List.of(TensorSpec.of("x", DataType.FLOAT32, -1, 4)), List.of(TensorSpec.of("noisy", DataType.FLOAT32, -1, 4)));

    @TempDir
    Path dir;

    private final DjlBackend backend = new DjlBackend(ENGINE_CACHE);

    @Test
    void aTorchScriptModuleLoadsOfflineAndMatchesEagerPyTorchAndItsOnnxExport() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        Path onnx = TorchFixtures.copy("tiny_mlp.onnx", dir);
        float[] fromTorchScript;
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP))) {
            Tensor y = session.run(Map.of("x", TorchFixtures.tinyMlpInput())).get("y");
            assertThat(y.shape()).containsExactly(2, 3);
            fromTorchScript = y.toFloatArray();
        }
        assertThat(fromTorchScript).containsExactly(TorchFixtures.tinyMlpExpected(), within(1e-6f));
        try (ModelSession session = new OnnxBackend().load(ModelLoadRequest.onCpu("tiny-mlp", onnx))) {
            float[] fromOnnx = session.run(Map.of("x", TorchFixtures.tinyMlpInput())).get("y").toFloatArray();
            assertThat(fromOnnx).containsExactly(fromTorchScript, within(1e-5f));
        }
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(ENGINE_CACHE.resolve("pytorch")).as("libtorch unpacked from the classpath jar").isDirectory();
    }

    @Test
    void randomOperatorsAreDeterministicWithTheSeed() throws IOException {
        Path pt = TorchFixtures.copy("tiny_noise.pt", dir);
        float[] first = noise(pt, 7);
        float[] again = noise(pt, 7);
        float[] otherSeed = noise(pt, 8);

        assertThat(again).containsExactly(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).isNotEqualTo(new float[8]);
    }

    @Test
    void inputsAreValidatedAgainstTheDeclaredSignature() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP))) {
            assertThatThrownBy(() -> session.run(Map.of("x", Tensor.ofFloats(new float[6], 2, 3))))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_INPUT))
                    .hasMessageContaining("model 'tiny-mlp'")
                    .hasMessageContaining("input 'x' has shape [2, 3], expected [-1, 4]");
        }
    }

    @Test
    void aModuleWithoutDeclaredSignatureIsRefused() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt)))
                .hasMessageContaining("Cannot load model 'tiny-mlp' with the djl backend")
                .hasMessageContaining("declare the signature");
    }

    @Test
    void aTruncatedModuleFailsClearly() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        byte[] bytes = Files.readAllBytes(pt);
        Files.write(pt, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP)))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.MODEL_UNAVAILABLE))
                .hasMessageContaining("Cannot load model 'tiny-mlp' from " + pt);
    }

    @Test
    void oneModuleServesConcurrentCalls() throws Exception {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        float[] expected = TorchFixtures.tinyMlpExpected();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP))) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    float[] y = null;
                    for (int i = 0; i < 25; i++) {
                        y = session.run(Map.of("x", TorchFixtures.tinyMlpInput())).get("y").toFloatArray();
                    }
                    return y;
                }));
            }
            for (Future<float[]> result : results) {
                assertThat(result.get()).containsExactly(expected, within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGpuOnTheCpuNativeNamesTheMissingArtifact() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        ModelLoadRequest onGpu = ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP).withDevice(Device.cuda(0));

        assertThatThrownBy(() -> backend.load(onGpu))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG))
                .hasMessageContaining("Cannot run model 'tiny-mlp' on cuda:0 with DJL: libtorch sees 0 GPU(s)")
                .hasMessageContaining("pytorch-native-cpu");
    }

    @Test
    void aClosedSessionRefusesToRun() throws IOException {
        Path pt = TorchFixtures.copy("tiny_mlp.pt", dir);
        ModelSession session = backend.load(ModelLoadRequest.onCpu("tiny-mlp", pt).withDeclared(MLP));
        session.close();
        session.close();

        assertThatThrownBy(() -> session.run(Map.of("x", TorchFixtures.tinyMlpInput())))
                .hasMessage("Cannot run model 'tiny-mlp': its session is closed");
    }

    @Test
    void missingNativesNameTheArtifact() throws IOException {
        DjlEngine.checkNativesOnClasspath(DjlBackendTest.class.getClassLoader());
        try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> DjlEngine.checkNativesOnClasspath(bare))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.MODEL_UNAVAILABLE))
                    .hasMessage("Cannot start DJL's PyTorch engine: libtorch is not on the classpath; add "
                            + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 (classifier)");
        }
    }

    private float[] noise(Path pt, long seed) {
        SessionOptions options = new SessionOptions(1, 1, true, ModelSpec.GpuProvider.CUDA, ModelSpec.Precision.AUTO, seed);
        ModelLoadRequest request = ModelLoadRequest.onCpu("tiny-noise", pt).withDeclared(NOISE).withOptions(options);
        try (ModelSession session = backend.load(request)) {
            return session.run(Map.of("x", Tensor.ofFloats(new float[8], 2, 4))).get("noisy").toFloatArray();
        }
    }
}
