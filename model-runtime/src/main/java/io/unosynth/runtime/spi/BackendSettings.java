package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Node-wide settings every backend may need.
 *
 * @param engineCacheDir where engines unpack their native libraries (DJL's libtorch: ~445 MB); node-local disk
 * @param referencedFiles stages files a model refers to by location (a LoRA model's base checkpoint)
 */
public record BackendSettings(Path engineCacheDir, ReferencedFiles referencedFiles) {
    public BackendSettings {
        requireNonNull(engineCacheDir, "engineCacheDir is null");
        requireNonNull(referencedFiles, "referencedFiles is null");
    }

    /** Settings whose models may refer to local files only. */
    public BackendSettings(Path engineCacheDir) {
        this(engineCacheDir, ReferencedFiles.LOCAL);
    }
}
