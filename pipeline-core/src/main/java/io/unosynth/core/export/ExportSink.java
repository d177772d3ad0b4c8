package io.unosynth.core.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an export writes its files, by path relative to the export folder (local disk, HDFS or S3 in the jobs).
 * The caller closes each stream; content is expected to become visible, whole, on close.
 */
@FunctionalInterface
public interface ExportSink {
    OutputStream create(String relativePath) throws IOException;
}
