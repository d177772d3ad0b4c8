package io.unosynth.trainer.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where training checkpoints go: a local directory here; pipeline-jobs can back it with Hadoop's FileSystem for any
 * Hadoop URI (hdfs:, s3a:, gs:). Paths are {@code /}-separated and relative to the store's root.
 */
public interface CheckpointStore {
    OutputStream create(String path) throws IOException;

    InputStream open(String path) throws IOException;

    boolean exists(String path) throws IOException;

    /** The names directly under {@code directory} ("" = the root); empty when it does not exist. */
    List<String> list(String directory) throws IOException;
}
