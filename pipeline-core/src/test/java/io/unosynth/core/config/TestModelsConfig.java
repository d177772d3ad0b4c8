package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ModelSpec.DeviceMode;
import io.unosynth.core.config.ModelSpec.GpuProvider;
import io.unosynth.core.config.ModelSpec.Precision;
import io.unosynth.core.error.ValidationException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestModelsConfig {
    private static final String SUM = "ab".repeat(32);

    @Test
    void defaults() {
        ModelsConfig config = UnosynthConfig.defaults().models();

        assertThat(config.specs()).containsOnlyKeys("flux", "t5", "clip", "vae-decoder", "vae-encoder", "dino", "owl",
                "dino-v1", "clip-vision", "clip-text-projected", "s2i");
        assertThat(config.require("dino-v1").location()).isEqualTo("demo:dino-v1");
        assertThat(config.require("clip-vision").location()).isEqualTo("demo:clip-vision");
        assertThat(config.require("clip-text-projected").location()).isEqualTo("demo:clip-text-projected");
        assertThat(config.require("dino").location()).isEqualTo("demo:embedder");
        assertThat(config.require("owl").location()).isEqualTo("demo:owlv2");
        assertThat(config.require("flux")).isEqualTo(new ModelSpec("flux", "demo:flux", ModelSpec.BACKEND_DEFAULT,
                ModelSpec.DEVICE_DEFAULT, ModelSpec.PRECISION_DEFAULT, ModelSpec.GPU_PROVIDER_DEFAULT,
                ModelSpec.CHECKSUM_DEFAULT, Map.of(), Map.of(), ModelSpec.INTRA_OP_THREADS_DEFAULT,
                ModelSpec.INTER_OP_THREADS_DEFAULT, ModelSpec.INTRA_OP_SPINNING_DEFAULT, ModelSpec.TOKENIZER_DEFAULT));
        assertThat(config.cacheDir()).isEqualTo(ModelsConfig.CACHE_DIR_DEFAULT).isEmpty();
        assertThat(config.engineCacheDir()).isEqualTo(ModelsConfig.ENGINE_CACHE_DIR_DEFAULT).isEmpty();
        assertThat(config.idleTimeout()).isEqualTo(ModelsConfig.IDLE_TIMEOUT_DEFAULT).hasMinutes(5);
        assertThat(config.resolveCacheDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "unosynth-models"));
        assertThat(config.resolveEngineCacheDir()).isEqualTo(config.resolveCacheDir().resolve("engines"));
    }

    @Test
    void specDefaults() {
        ModelSpec spec = bind(Map.of("models.dino.location", "/models/dino.onnx")).require("dino");

        assertThat(spec).isEqualTo(new ModelSpec("dino", "/models/dino.onnx", ModelSpec.BACKEND_DEFAULT,
                ModelSpec.DEVICE_DEFAULT, ModelSpec.PRECISION_DEFAULT, ModelSpec.GPU_PROVIDER_DEFAULT,
                ModelSpec.CHECKSUM_DEFAULT, Map.of(), Map.of(), 1,
                ModelSpec.INTER_OP_THREADS_DEFAULT, ModelSpec.INTRA_OP_SPINNING_DEFAULT, ModelSpec.TOKENIZER_DEFAULT));
        assertThat(spec.intraOpThreads()).as("the filter's embedder: one thread per call, a call per core")
                .isEqualTo(ModelsConfig.BUILT_IN_INTRA_OP_THREADS.get("dino"));
        assertThat(bind(Map.of("models.dino.intra-op-threads", "0")).require("dino").intraOpThreads()).isZero();
        assertThat(bind(Map.of()).require("flux").intraOpThreads()).isEqualTo(ModelSpec.INTRA_OP_THREADS_DEFAULT);
        assertThat(spec.backend()).isEqualTo("onnx");
        assertThat(spec.device()).isEqualTo(DeviceMode.AUTO);
        assertThat(spec.inputName("pixel_values")).isEqualTo("pixel_values");
        assertThat(spec.remoteScheme()).isEmpty();
    }

    @Test
    void fullMapping() {
        ModelsConfig config = bind(Map.ofEntries(
                Map.entry("models.cache-dir", "/local/cache"),
                Map.entry("models.engine-cache-dir", "/local/engines"),
                Map.entry("models.idle-timeout", "90s"),
                Map.entry("models.flux.location", "s3a://bucket/flux-onnx/"),
                Map.entry("models.flux.backend", "djl"),
                Map.entry("models.flux.device", "cuda"),
                Map.entry("models.flux.precision", "bf16"),
                Map.entry("models.flux.gpu-provider", "tensorrt"),
                Map.entry("models.flux.checksum", "sha256:" + SUM.toUpperCase()),
                Map.entry("models.flux.input.hidden_states", "latent_in"),
                Map.entry("models.flux.output.latent", "out_hidden_states"),
                Map.entry("models.flux.intra-op-threads", "4"),
                Map.entry("models.flux.inter-op-threads", "2"),
                Map.entry("models.flux.intra-op-spinning", "false"),
                Map.entry("models.flux.tokenizer", "s3a://bucket/tokenizers/t5.json"),
                Map.entry("models.vae.location", "file:/models/vae.onnx")));

        assertThat(config.cacheDir()).isEqualTo("/local/cache");
        assertThat(config.engineCacheDir()).isEqualTo("/local/engines");
        assertThat(config.idleTimeout()).hasSeconds(90);
        assertThat(config.resolveEngineCacheDir()).isEqualTo(Path.of("/local/engines"));
        assertThat(config.specs()).containsKeys("flux", "vae").hasSize(ModelsConfig.BUILT_IN_LOCATIONS.size() + 1);
        assertThat(config.require("flux")).isEqualTo(new ModelSpec("flux", "s3a://bucket/flux-onnx/", "djl",
                DeviceMode.CUDA, Precision.BF16, GpuProvider.TENSORRT, SUM,
                Map.of("hidden_states", "latent_in"), Map.of("latent", "out_hidden_states"), 4, 2, false,
                "s3a://bucket/tokenizers/t5.json"));
        assertThat(config.require("flux").outputName("latent")).isEqualTo("out_hidden_states");
        assertThat(config.require("flux").remoteScheme()).contains("s3a");
        assertThat(config.require("vae").remoteScheme()).isEmpty();
    }

    @Test
    void unknownKeysUnderAModelStillFail() {
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of(
                "models.dino.location", "/m.onnx", "models.dino.locaton", "/typo.onnx"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unknown config key 'models.dino.locaton'")
                .hasMessageContaining("did you mean 'models.dino.location'?");
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of("models.cache-dirr", "/x"))))
                .hasMessageContaining("Unknown config key 'models.cache-dirr'");
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> bind(Map.of("models.mine.device", "gpu")))
                .as("a model that is not built in needs a location").hasMessageContaining("models.mine.location");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "  ")))
                .hasMessageContaining("models.dino.location");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "/m.onnx", "models.dino.device", "gpu")))
                .hasMessageContaining("models.dino.device").hasMessageContaining("[auto, cpu, cuda]");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "/m.onnx", "models.dino.checksum", "abc")))
                .hasMessageContaining("models.dino.checksum").hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "https://hub.example/dino.onnx")))
                .hasMessageContaining("never downloaded over HTTP");
        assertThatThrownBy(() -> bind(Map.of("models.Dino.location", "/m.onnx")))
                .hasMessageContaining("Invalid model name 'Dino'");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "/m.onnx", "models.dino.input.x", " ")))
                .hasMessageContaining("models.dino.input.x");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "/m.onnx")).require("sam"))
                .hasMessageContaining("no model 'sam' (set models.sam.location); configured models: "
                        + "[clip, clip-text-projected, clip-vision, dino, dino-v1, flux");
        assertThatThrownBy(() -> bind(Map.of("models.dino.location", "/m.onnx", "models.dino.tokenizer", " ")))
                .hasMessageContaining("models.dino.tokenizer").hasMessageContaining("tokenizer.json path");
    }

    @Test
    void remoteSchemes() {
        assertThat(ModelSpec.remoteScheme("hdfs://nn/models/x.onnx")).contains("hdfs");
        assertThat(ModelSpec.remoteScheme("file:///models/x.onnx")).isEmpty();
        assertThat(ModelSpec.remoteScheme("relative/dir:with-colon")).isEmpty();
        assertThat(ModelSpec.remoteScheme("C:\\models\\x.onnx")).isEmpty();
        assertThat(ModelSpec.remoteScheme("/abs/x.onnx")).isEmpty();
    }

    private static ModelsConfig bind(Map<String, String> settings) {
        ConfigValues values = ConfigValues.of(settings);
        ModelsConfig config = ModelsConfig.from(values);
        values.checkAllConsumed();
        return config;
    }
}
