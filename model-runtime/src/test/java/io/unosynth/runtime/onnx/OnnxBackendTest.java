package io.unosynth.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtProvider;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.SessionOptions;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.TorchFixtures;
import io.unosynth.runtime.spi.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxBackendTest {
    private static final float[] X = {1, 2, 3, -4, 0.25f, 6};
    private static final long[] IDS = {7, 8, 9, 10};

    @TempDir
    Path dir;

    private final OnnxBackend backend = new OnnxBackend();

    @Test
    void loadsAModelWithExternalDataFromItsPathAndRunsIt() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("adder", file))) {
            assertThat(session.inputs()).containsExactly(
                    TensorSpec.of("x", DataType.FLOAT32, -1, 3), TensorSpec.of("ids", DataType.INT64, -1, 2));
            assertThat(session.signature().outputNames()).containsExactly("y", "y_half", "ids_out");

            Map<String, Tensor> out = session.run(inputs(Tensor.ofFloats(X, 2, 3), Tensor.ofLongs(IDS, 2, 2)));

            assertThat(out.get("y").shape()).containsExactly(2, 3);
            assertThat(out.get("y").toFloatArray()).containsExactly(1.5f, 1f, 5f, -3.5f, -0.75f, 8f);
            assertThat(out.get("y_half").dataType()).isEqualTo(DataType.FLOAT16);
            assertThat(out.get("y_half").toFloatArray()).containsExactly(1.5f, 1f, 5f, -3.5f, -0.75f, 8f);
            assertThat(out.get("ids_out").toLongArray()).containsExactly(IDS);
        }
    }

    @Test
    void findsTheModelFileInADirectory() throws IOException {
        TinyOnnxModels.writeAdder(dir);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("adder", dir))) {
            assertThat(session.run(inputs(Tensor.ofFloats(X, 2, 3), Tensor.ofLongs(IDS, 2, 2))).get("y")
                    .toFloatArray()).startsWith(1.5f);
        }
    }

    @Test
    void rejectsBadInputsNamingModelInputAndExpectation() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("adder", file))) {
            Tensor ids = Tensor.ofLongs(IDS, 2, 2);
            assertInvalid(session, Map.of("x", Tensor.ofFloats(X, 2, 3), "idz", ids),
                    "model 'adder'", "unknown input 'idz'", "[x, ids]");
            assertInvalid(session, Map.of("x", Tensor.ofFloats(X, 2, 3)), "missing input 'ids'");
            assertInvalid(session, inputs(Tensor.ofFloats(X, 6), ids), "input 'x' has rank 1", "expected rank 2");
            assertInvalid(session, inputs(Tensor.ofFloats(X, 3, 2), ids),
                    "input 'x' has shape [3, 2], expected [-1, 3]");
            assertInvalid(session, inputs(Tensor.ofFloat16(X, 2, 3), ids),
                    "input 'x' has type float16, expected float32");
        }
    }

    @Test
    void aTruncatedModelFileFailsClearly() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("adder", file)))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.MODEL_UNAVAILABLE))
                .hasMessageContaining("Cannot load model 'adder'")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a complete ONNX model");
    }

    @Test
    void aMissingExternalDataFileFailsClearly() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        Files.delete(dir.resolve(TinyOnnxModels.WEIGHTS_FILE));

        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("adder", file)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Cannot load model 'adder'")
                .hasMessageContaining("external-data file is missing")
                .hasMessageContaining(TinyOnnxModels.WEIGHTS_FILE);
    }

    @Test
    void aMissingModelFileFailsClearly() {
        Path file = dir.resolve("absent.onnx");
        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("absent", file)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Cannot load model 'absent': no file or directory at " + file);
    }

    @Test
    void aGpuOnACpuOnlyBuildNamesTheMissingArtifact() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        ModelLoadRequest onGpu = ModelLoadRequest.onCpu("adder", file).withDevice(Device.cuda(1));
        OnnxBackend cpuOnly = new OnnxBackend(EnumSet.of(OrtProvider.CPU));

        assertThatThrownBy(() -> cpuOnly.load(onGpu))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG))
                .hasMessageContaining("model 'adder' on cuda:1")
                .hasMessageContaining("onnxruntime_gpu")
                .hasMessageContaining("-Pgpu");
        SessionOptions tensorRt = new SessionOptions(0, 0, true, ModelSpec.GpuProvider.TENSORRT,
                ModelSpec.Precision.AUTO, 0);
        assertThatThrownBy(() -> cpuOnly.load(onGpu.withOptions(tensorRt))).hasMessageContaining("TensorRT");
        if (!OrtEnvironmentProviders.hasCuda()) {
            assertThatThrownBy(() -> backend.load(onGpu)).hasMessageContaining("onnxruntime_gpu");
        }
    }

    @Test
    void aPrecisionTheModelDoesNotHaveIsAConfigError() throws IOException {
        Path file = TinyOnnxModels.writeAdder(dir);
        SessionOptions fp16 = new SessionOptions(1, 1, true, ModelSpec.GpuProvider.CUDA, ModelSpec.Precision.FP16, 0);

        assertThatThrownBy(() -> backend.load(ModelLoadRequest.onCpu("adder", file).withOptions(fp16)))
                .hasMessageContaining("Invalid precision of model 'adder': config says fp16 but input 'x' is float32");
    }

    @Test
    void oneSessionServesConcurrentCalls() throws Exception {
        for (boolean spinning : new boolean[] {true, false}) {
            concurrentCalls(new SessionOptions(2, 1, spinning, ModelSpec.GpuProvider.CUDA, ModelSpec.Precision.FP32,
                    0));
        }
    }

    private void concurrentCalls(SessionOptions twoThreads) throws Exception {
        Path file = TinyOnnxModels.writeAdder(dir);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("adder", file).withOptions(twoThreads))) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                float offset = t;
                results.add(pool.submit(() -> {
                    float[] x = {offset, offset, offset};
                    float[] y = null;
                    for (int i = 0; i < 50; i++) {
                        y = session.run(inputs(Tensor.ofFloats(x, 1, 3), Tensor.ofLongs(new long[] {1, 2}, 1, 2)))
                                .get("y").toFloatArray();
                    }
                    return y;
                }));
            }
            for (int t = 0; t < 8; t++) {
                assertThat(results.get(t).get()).containsExactly(t + 0.5f, t - 1f, t + 2f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelExportedByPyTorchLoadsAndMatchesEagerPyTorch() throws IOException {
        Path file = TorchFixtures.copy("tiny_mlp.onnx", dir);
        try (ModelSession session = backend.load(ModelLoadRequest.onCpu("tiny-mlp", file))) {
            assertThat(session.inputs()).containsExactly(TensorSpec.of("x", DataType.FLOAT32, -1, 4));
            float[] y = session.run(Map.of("x", TorchFixtures.tinyMlpInput())).get("y").toFloatArray();
            assertThat(y).containsExactly(TorchFixtures.tinyMlpExpected(), within(1e-5f));
        }
    }

    private static Map<String, Tensor> inputs(Tensor x, Tensor ids) {
        return Map.of("x", x, "ids", ids);
    }

    private static void assertInvalid(ModelSession session, Map<String, Tensor> inputs, String... fragments) {
        assertThatThrownBy(() -> session.run(inputs))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_INPUT))
                .hasMessageStartingWith("Invalid input to model 'adder': ")
                .message().contains(fragments);
    }
}
