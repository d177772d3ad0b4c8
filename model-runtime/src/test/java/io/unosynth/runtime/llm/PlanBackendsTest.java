package io.unosynth.runtime.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.plan.PlanBackend;
import io.unosynth.core.plan.TemplatePlanBackend;
import io.unosynth.runtime.registry.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanBackendsTest {
    @Test
    void templateByDefault() {
        UnosynthConfig config = UnosynthConfig.defaults();
        try (PlanBackend backend = PlanBackends.create(config)) {
            assertThat(backend).isInstanceOf(TemplatePlanBackend.class);
            assertThat(backend.concurrent()).isFalse();
        }
        assertThat(PlanBackends.sceneParallelism(config)).isEqualTo(1);
    }

    @Test
    void llmBackendSharesOneClientAndReleasesIt() {
        UnosynthConfig config = UnosynthConfig.bind(ConfigValues.of(Map.of(
                "plan.backend", "llm",
                "llm.base-url", "http://127.0.0.1:9/v1/",
                "llm.model", "qwen2.5-72b-instruct",
                "llm.max-concurrent-requests", "6")));
        int loadedBefore = ModelRegistry.get().size();
        try (PlanBackend first = PlanBackends.create(config); PlanBackend second = PlanBackends.create(config)) {
            assertThat(first).isInstanceOf(LlmPlanBackend.class);
            assertThat(first.id()).isEqualTo("llm:qwen2.5-72b-instruct");
            assertThat(first.concurrent()).isTrue();
            assertThat(ModelRegistry.get().size()).as("one shared client").isEqualTo(loadedBefore + 1);
        }
        assertThat(ModelRegistry.get().size()).as("released with the last backend").isEqualTo(loadedBefore);
        assertThat(PlanBackends.sceneParallelism(config)).isEqualTo(6);
    }
}
