package io.unosynth.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.djl.DjlBackend;
import io.unosynth.runtime.onnx.OnnxBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void findsTheRegisteredBackendsBestRankFirst() {
        Backends backends = Backends.discover();

        assertThat(backends.names()).containsExactly("onnx", "djl");
        assertThat(backends.preferred().name()).isEqualTo("onnx");
        assertThat(backends.provider("onnx").create(new BackendSettings(Path.of("target"))))
                .isInstanceOf(OnnxBackend.class);
        assertThat(backends.provider("djl").create(new BackendSettings(Path.of("target"))))
                .isInstanceOf(DjlBackend.class);
    }

    @Test
    void anUnknownNameListsTheAvailableBackends() {
        assertThatThrownBy(() -> Backends.discover().provider("tensorflow"))
                .isInstanceOfSatisfying(PipelineException.class,
                        e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG))
                .hasMessage("Invalid model backend: 'tensorflow'; available backends: [onnx, djl]");
    }

    @Test
    void noBackendAtAllIsReported() {
        assertThatThrownBy(() -> new Backends(java.util.List.of()).preferred())
                .hasMessageContaining("Cannot choose a model backend: none is on the classpath");
    }
}
