package io.unosynth.core.shard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * How a stage's rows are encoded into one shard file (Parquet in pipeline-jobs; JSON lines in tests).
 * The encoding must be a pure function of the rows, so that a shard's bytes do not depend on where it ran.
 */
public interface RowFormat<T> extends Serializable {
    /** File name extension without the dot, e.g. {@code parquet}. */
    String extension();

    RowWriter<T> open(OutputStream out) throws IOException;

    /** Writes rows in order; {@link #close()} finishes the file (footer) and closes the stream. */
    interface RowWriter<T> extends AutoCloseable {
        void write(T row) throws IOException;

        @Override
        void close() throws IOException;
    }
}
