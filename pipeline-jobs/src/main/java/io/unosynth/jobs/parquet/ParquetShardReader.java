package io.unosynth.jobs.parquet;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.RowSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Streams the rows of one upstream shard file on an executor (where there is no SparkSession), one record at a
 * time, so a shard of multi-MB image rows never sits in memory whole. Iterate once; close when done.
 */
public final class ParquetShardReader<T> implements RowSource<T> {
    private final String file;
    private final ParquetReader<Group> reader;
    private final Function<Group, T> decode;
    private boolean iterated;

    private ParquetShardReader(String file, ParquetReader<Group> reader, Function<Group, T> decode) {
        this.file = file;
        this.reader = reader;
        this.decode = decode;
    }

    public static <T> ParquetShardReader<T> open(String file, Configuration configuration, Function<Group, T> decode) {
        try {
            return new ParquetShardReader<>(file,
                    ParquetReader.builder(new GroupReadSupport(), new Path(file)).withConf(configuration).build(),
                    decode);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot read shard file " + file + ": " + e,
                    e);
        }
    }

    @Override
    public Iterator<T> iterator() {
        if (iterated) {
            throw new IllegalStateException("Shard file " + file + " can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private Group next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public T next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Group current = next;
                next = read();
                return decode.apply(current);
            }
        };
    }

    private Group read() {
        try {
            return reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read shard file " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close shard file " + file, e);
        }
    }
}
