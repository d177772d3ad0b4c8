package io.unosynth.core.shard;

/**
 * Rows read from an upstream stage's shard, streamed once and closed after use (on Spark: one Parquet file read on
 * the executor). Lets a stage's per-shard logic live in core while the jobs decide how files are read.
 */
public interface RowSource<T> extends Iterable<T>, AutoCloseable {
    @Override
    void close();

    /** No rows (an upstream shard that does not exist, e.g. no score shard). */
    static <T> RowSource<T> empty() {
        return new RowSource<>() {
            @Override
            public java.util.Iterator<T> iterator() {
                return java.util.Collections.emptyIterator();
            }

            @Override
            public void close() {}
        };
    }
}
