package io.unosynth.core.shard;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The few storage operations the shard protocol needs, on paths relative to the run's output root
 * ({@code plan/part-c0001-s000.parquet}). Implemented over java.nio here and over Hadoop's FileSystem in
 * pipeline-jobs, so the protocol is tested without Spark and runs unchanged on file:, hdfs: and s3a:.
 */
public interface StageStorage {
    /** Names (not paths) of the files directly under {@code directory}; empty when it does not exist. */
    List<String> list(String directory) throws IOException;

    boolean exists(String path) throws IOException;

    InputStream open(String path) throws IOException;

    /**
     * Creates or replaces {@code path}. Where {@link #atomicRename()} is false (object stores) the content must
     * become visible only when the stream is closed, whole, as S3 multipart uploads do.
     */
    ShardOutput create(String path) throws IOException;

    /** Whether {@link #rename} is atomic; if so, shards are written to a staging name first and renamed. */
    boolean atomicRename();

    /** Moves {@code from} to {@code to}, replacing {@code to}. Only called when {@link #atomicRename()}. */
    void rename(String from, String to) throws IOException;

    /** Deletes a file or a whole directory; absent paths are fine. */
    void delete(String path) throws IOException;

    /**
     * Writes a small file that readers see whole or not at all: under {@code stagingPath}, then renamed to
     * {@code path} where rename is atomic; else straight to {@code path}, visible on close. A failed write is
     * aborted, never published.
     */
    default void writeWhole(String path, String stagingPath, byte[] content) throws IOException {
        String writePath = atomicRename() ? stagingPath : path;
        ShardOutput out = create(writePath);
        try {
            out.write(content);
            // Closing inside the try: on an object store a failed close must abort the upload, not leave it.
            out.close();
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        if (atomicRename()) {
            rename(writePath, path);
        }
    }

    /** Where this storage is rooted, for messages. */
    String describe();
}
