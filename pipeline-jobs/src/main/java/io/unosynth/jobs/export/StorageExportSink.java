package io.unosynth.jobs.export;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.export.ExportSink;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.StageStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Export files under a folder of the run's storage, each whole or absent: bytes are gathered in memory (one image
 * at a time) and published on close with {@link StageStorage#writeWhole}, through a per-attempt staging name where
 * rename is atomic, in place on object stores. A rerun writes the same names, so a retried shard adds nothing.
 */
public final class StorageExportSink implements ExportSink {
    private final StageStorage storage;
    private final String folder;
    private final String attempt = UUID.randomUUID().toString();

    public StorageExportSink(StageStorage storage, String folder) {
        this.storage = requireNonNull(storage, "storage is null");
        this.folder = requireNonNull(folder, "folder is null");
    }

    @Override
    public OutputStream create(String relativePath) {
        String path = folder + "/" + relativePath;
        String staging = folder + "/" + ShardLayout.STAGING + "/" + attempt + "-"
                + relativePath.replace('/', '_') + ".inprogress";
        return new ByteArrayOutputStream() {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    storage.writeWhole(path, staging, toByteArray());
                }
            }
        };
    }
}
