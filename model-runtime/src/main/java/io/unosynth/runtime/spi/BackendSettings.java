package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Node-wide settings every backend may need.
 *
 * @param engineCacheDir where engines unpack their native libraries (DJL's libtorch: ~445 MB); node-local disk
 */
public record BackendSettings(Path engineCacheDir) {
    public BackendSettings {
        requireNonNull(engineCacheDir, "engineCacheDir is null");
    }
}
