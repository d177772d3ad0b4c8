package io.unosynth.runtime.spi;

/**
 * Plugs a {@link ModelBackend} in. Implementations are listed in
 * {@code META-INF/services/io.unosynth.runtime.spi.BackendProvider} and found with {@link java.util.ServiceLoader},
 * so an engine whose jar is absent is simply not offered.
 */
public interface BackendProvider {
    String name();

    /** Lower ranks are preferred when config does not name a backend. */
    int rank();

    ModelBackend create(BackendSettings settings);
}
