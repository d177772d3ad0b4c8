package io.unosynth.trainer;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigAssertions;
import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.sampling.UnoPositions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestTrainConfig {
    private static final TrainConfig UNO = new TrainConfig(512, 1e-5, 0.9, 0.999, 1e-8, 0.01, 1.0, 100, 1, 1, 5000,
            999, 0.1, 1.0, false, 0.99, 1, 1000, 42, true, UnoPositions.Offset.DIAGONAL, "",
            TrainConfig.DitSize.FLUX_DEV, false, TrainDevices.DEFAULT, TrainConfig.Precision.FP32);

    @Test
    void defaults() {
        assertDefaults(TrainConfig::from, UNO);
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = new TreeMap<>(Map.ofEntries(
                Map.entry("train.lora-rank", "16"),
                Map.entry("train.learning-rate", "1e-2"),
                Map.entry("train.adam-beta1", "0.8"),
                Map.entry("train.adam-beta2", "0.99"),
                Map.entry("train.adam-epsilon", "1e-6"),
                Map.entry("train.weight-decay", "0.1"),
                Map.entry("train.max-grad-norm", "0.5"),
                Map.entry("train.warmup-steps", "10"),
                Map.entry("train.gradient-accumulation-steps", "4"),
                Map.entry("train.batch-size", "2"),
                Map.entry("train.max-steps", "50"),
                Map.entry("train.schedule-steps", "99"),
                Map.entry("train.text-dropout", "0.2"),
                Map.entry("train.guidance", "3.5"),
                Map.entry("train.ema", "true"),
                Map.entry("train.ema-decay", "0.999"),
                Map.entry("train.ema-interval", "5"),
                Map.entry("train.checkpoint-steps", "25"),
                Map.entry("train.seed", "7"),
                Map.entry("train.activation-checkpointing", "false"),
                Map.entry("train.reference-offset", "width"),
                Map.entry("train.base", "s3a://models/flux1-dev.safetensors"),
                Map.entry("train.dit", "miniature"),
                Map.entry("train.noise-per-pair", "true"),
                Map.entry("train.devices", "gpu0, gpu1"),
                Map.entry("train.precision", "bf16")));
        assertFullMapping(properties, TrainConfig::from, new TrainConfig(16, 1e-2, 0.8, 0.99, 1e-6, 0.1, 0.5, 10, 4,
                2, 50, 99, 0.2, 3.5, true, 0.999, 5, 25, 7, false, UnoPositions.Offset.WIDTH,
                "s3a://models/flux1-dev.safetensors", TrainConfig.DitSize.MINIATURE, true,
                new TrainDevices(TrainDevices.Kind.LIST, List.of("gpu0", "gpu1")), TrainConfig.Precision.BF16), "", Set.of());
    }

    @Test
    void confFileListsEveryKeyWithItsDefault() {
        var entries = ConfigFiles.read(Path.of("..", "conf", "train.properties"));
        ConfigValues values = new ConfigValues(entries);
        assertThat(TrainConfig.from(values)).isEqualTo(UNO);
        values.checkAllConsumed();
        Set<String> listed = new java.util.TreeSet<>();
        entries.forEach(entry -> listed.add(entry.key()));
        assertThat(listed).isEqualTo(ConfigAssertions.declaredKeys(TrainConfig.class, ""));
    }

    @Test
    void devicesAreDefaultAutoOrAList() {
        assertThat(TrainDevices.parse("auto")).isEqualTo(TrainDevices.AUTO);
        assertThat(TrainDevices.parse(" Default ")).isEqualTo(TrainDevices.DEFAULT);
        assertThat(TrainDevices.parse("cpu,cpu").names()).containsExactly("cpu", "cpu");
        assertThat(TrainDevices.parse("gpu0,gpu3").toString()).isEqualTo("gpu0,gpu3");
        for (String bad : new String[] {"gpu", "cuda:0", "gpu0,", "all", "gpu-1"}) {
            assertThatThrownBy(() -> TrainConfig.from(ConfigValues.of(Map.of("train.devices", bad))))
                    .as(bad)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Invalid config key 'train.devices'")
                    .hasMessageContaining("expected default, auto or a comma list of devices")
                    .hasMessageContaining("found '" + bad + "'");
        }
    }

    @Test
    void unknownPrecisionIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> TrainConfig.from(ConfigValues.of(Map.of("train.precision", "fp16"))))
                .hasMessageContaining("train.precision").hasMessageContaining("fp16");
    }

    @Test
    void learningRateWarmsUpLinearlyFromZero() {
        assertThat(UNO.learningRateAt(0)).isZero();
        assertThat(UNO.learningRateAt(50)).isEqualTo(0.5e-5);
        assertThat(UNO.learningRateAt(100)).isEqualTo(1e-5);
        assertThat(UNO.learningRateAt(4000)).isEqualTo(1e-5);
    }
}
