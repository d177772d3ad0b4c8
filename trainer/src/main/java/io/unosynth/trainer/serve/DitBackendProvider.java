package io.unosynth.trainer.serve;

import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.ModelBackend;

/** Registers {@link DitBackend}: the trainer's DJL DiT serving the FLUX transformer contract ({@code backend = dit}). */
public final class DitBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return DitBackend.NAME;
    }

    @Override
    public int rank() {
        return 20;
    }

    @Override
    public ModelBackend create(BackendSettings settings) {
        return new DitBackend(settings);
    }
}
