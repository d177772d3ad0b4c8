package io.unosynth.jobs.parquet;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.RowFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a shard's rows as one Parquet file onto the protocol's stream. Byte-for-byte deterministic: no timestamps,
 * fixed writer settings, rows in the order given. Pages are checked for size after every row so that multi-MB
 * image columns never pile up in memory (REFERENCE.md section 6).
 */
public final class ParquetRowFormat<T> implements RowFormat<T> {
    private static final long serialVersionUID = 1L;
    private static final int ROW_GROUP_BYTES = 64 * 1024 * 1024;

    private final ParquetColumns<T> columns;
    private final CompressionCodecName codec;

    public ParquetRowFormat(ParquetColumns<T> columns, CompressionCodecName codec) {
        this.columns = requireNonNull(columns, "columns is null");
        this.codec = requireNonNull(codec, "codec is null");
    }

    @Override
    public String extension() {
        return "parquet";
    }

    @Override
    public RowWriter<T> open(OutputStream out) throws IOException {
        ParquetWriter<T> writer = new Builder<>(new StreamOutputFile(out), columns)
                .withConf(new Configuration(false))
                .withCompressionCodec(codec)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withDictionaryEncoding(false)
                .withMinRowCountForPageSizeCheck(1)
                .withMaxRowCountForPageSizeCheck(1)
                .build();
        return new RowWriter<>() {
            @Override
            public void write(T row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final ParquetColumns<T> columns;

        Builder(OutputFile file, ParquetColumns<T> columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new ColumnsWriteSupport<>(columns);
        }
    }

    private static final class ColumnsWriteSupport<T> extends WriteSupport<T> {
        private final ParquetColumns<T> columns;
        private RecordConsumer consumer;

        ColumnsWriteSupport(ParquetColumns<T> columns) {
            this.columns = columns;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(columns.schema(), Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(T record) {
            columns.write(record, consumer);
        }
    }

    /** Parquet's file abstraction over the protocol's stream (which decides where and how bytes land). */
    private record StreamOutputFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
