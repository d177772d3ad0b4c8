package io.unosynth.runtime.onnx;

import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.ModelBackend;

/** Registers {@link OnnxBackend}; the preferred backend (rank 0). */
public final class OnnxBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return OnnxBackend.NAME;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public ModelBackend create(BackendSettings settings) {
        return new OnnxBackend();
    }
}
