package io.unosynth.runtime.djl;

import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.ModelBackend;

/** Registers {@link DjlBackend} for TorchScript models; chosen by name ({@code backend = djl}). */
public final class DjlBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return DjlBackend.NAME;
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public ModelBackend create(BackendSettings settings) {
        return new DjlBackend(settings.engineCacheDir());
    }
}
