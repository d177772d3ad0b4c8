package io.unosynth.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import io.unosynth.runtime.staging.Sha256;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: config names a remote directory (model + external data); it is staged, loaded and run. */
class StagedOnnxModelTest {
    @TempDir
    Path store;
    @TempDir
    Path cache;

    @Test
    void aRemoteModelWithExternalDataIsStagedVerifiedLoadedAndRun() throws Exception {
        Path remoteDir = store.resolve("bucket/adder");
        TinyOnnxModels.writeAdder(remoteDir);
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(Map.of(
                "models.staged-adder.location", "s3a://bucket/adder",
                "models.staged-adder.checksum", "sha256:" + Sha256.ofPath(remoteDir),
                "models.staged-adder.device", "auto",
                ModelsConfig.CACHE_DIR, cache.toString())));
        ModelLoader loader = ModelLoader.create(config, new LocalDirectoryFiles(store), 1L);

        try (ModelRegistry.Lease<ModelSession> lease = loader.acquire("staged-adder", List.of(), ModelSignature.EMPTY)) {
            Map<String, Tensor> out = lease.value().run(Map.of(
                    "x", Tensor.ofFloats(new float[] {1, 1, 1}, 1, 3), "ids", Tensor.ofLongs(new long[] {0, 1}, 1, 2)));
            assertThat(out.get("y").toFloatArray()).containsExactly(1.5f, 0f, 3f);
            assertThat(lease.value().device().isGpu()).isFalse();
        }
    }
}
