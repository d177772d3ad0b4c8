package io.unosynth.runtime.staging;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Read access to the store remote models live in (HDFS, S3A, ...). pipeline-jobs implements it with Hadoop's
 * FileSystem; {@link LocalDirectoryFiles} serves tests and single machines.
 */
public interface RemoteFiles {
    /**
     * The files at {@code location}: a file location gives itself, with its file name as relative path; a directory
     * location gives every file below it, recursively, with paths relative to it ({@code /}-separated).
     *
     * @throws java.io.FileNotFoundException when nothing exists at {@code location}
     */
    List<RemoteFile> list(String location) throws IOException;

    /** Opens one file (a {@link RemoteFile#location()}) for reading. */
    InputStream open(String fileLocation) throws IOException;

    /** The length in bytes of one file. */
    long size(String fileLocation) throws IOException;
}
