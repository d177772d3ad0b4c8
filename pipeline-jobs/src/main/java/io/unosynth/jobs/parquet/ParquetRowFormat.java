package io.unosynth.jobs.parquet;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.RowFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
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
        DeterministicFooterStream stream = new DeterministicFooterStream(out);
        ParquetWriter<T> writer = new Builder<>(new StreamOutputFile(stream), columns)
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
                stream.holdTail();
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
    private record StreamOutputFile(DeterministicFooterStream stream) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream;
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream;
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

    /**
     * Parquet lists each column's encodings in the footer in HashSet order, and the hash of an enum constant differs
     * between JVMs: the same rows written on two executors differed in those bytes (found by StandaloneClusterIT).
     * So the end of the file (last row group, which Parquet buffers in memory anyway, and the footer) is held back
     * and the footer rewritten with every encoding list sorted; sorting keeps its length, so offsets stay valid.
     */
    static final class DeterministicFooterStream extends PositionOutputStream {
        private static final int TRAILER = 8; // footer length (int32, little-endian) + "PAR1"
        private final OutputStream out;
        private ByteArrayOutputStream tail;
        private long position;

        DeterministicFooterStream(OutputStream out) {
            this.out = out;
        }

        /** From now on bytes are held until close: the writer is about to write its last row group and footer. */
        void holdTail() {
            tail = new ByteArrayOutputStream();
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            if (tail != null) {
                tail.write(b);
            } else {
                out.write(b);
            }
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (tail != null) {
                tail.write(b, off, len);
            } else {
                out.write(b, off, len);
            }
            position += len;
        }

        @Override
        public void flush() throws IOException {
            if (tail == null) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (tail != null) {
                out.write(withSortedFooter(tail.toByteArray()));
                tail = null;
            }
            out.close();
        }

        static byte[] withSortedFooter(byte[] tail) throws IOException {
            int length = ByteBuffer.wrap(tail, tail.length - TRAILER, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            int start = tail.length - TRAILER - length;
            if (start < 0) {
                throw new IOException("Cannot sort the Parquet footer: footer length " + length + " exceeds the "
                        + tail.length + " bytes held");
            }
            FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(tail, start, length));
            for (RowGroup group : footer.getRow_groups()) {
                for (ColumnChunk column : group.getColumns()) {
                    List<Encoding> encodings = new ArrayList<>(column.getMeta_data().getEncodings());
                    encodings.sort(Comparator.comparingInt(Encoding::getValue));
                    column.getMeta_data().setEncodings(encodings);
                }
            }
            ByteArrayOutputStream sorted = new ByteArrayOutputStream(length);
            Util.writeFileMetaData(footer, sorted);
            if (sorted.size() != length) {
                throw new IOException("Cannot sort the Parquet footer: its length changed from " + length + " to "
                        + sorted.size() + " bytes");
            }
            System.arraycopy(sorted.toByteArray(), 0, tail, start, length);
            return tail;
        }
    }
}
