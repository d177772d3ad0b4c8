package io.unosynth.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.shard.RowFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** A shard file's bytes must not depend on the JVM that wrote it (HashSet order of encodings in the footer). */
class ParquetRowFormatTest {
    record Item(String name, int count) {}

    private static final ParquetColumns<Item> COLUMNS = ParquetColumns.<Item>builder("item")
            .string("name", Item::name)
            .int32("count", Item::count)
            .build();

    @Test
    void everyColumnListsItsEncodingsInSortedOrder() throws IOException {
        FileMetaData footer = footer(write());

        List<List<Encoding>> lists = encodingLists(footer);
        assertThat(lists).hasSize(2).allSatisfy(encodings -> {
            assertThat(encodings).hasSizeGreaterThan(1);
            assertThat(encodings).isSortedAccordingTo(Comparator.comparingInt(Encoding::getValue));
        });
    }

    @Test
    void aFooterInAnotherOrderIsRewrittenToTheSameBytes() throws IOException {
        byte[] file = write();
        byte[] shuffled = withFooter(file, reversedEncodings(footer(file)));
        assertThat(shuffled).isNotEqualTo(file);

        byte[] normalized = ParquetRowFormat.DeterministicFooterStream.withSortedFooter(shuffled.clone());

        assertThat(normalized).isEqualTo(file);
    }

    private static byte[] write() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowFormat.RowWriter<Item> writer = new ParquetRowFormat<>(COLUMNS, CompressionCodecName.SNAPPY)
                .open(out)) {
            for (int i = 0; i < 100; i++) {
                writer.write(new Item("item-" + i, i));
            }
        }
        return out.toByteArray();
    }

    private static int footerLength(byte[] file) {
        return ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static FileMetaData footer(byte[] file) throws IOException {
        int length = footerLength(file);
        return Util.readFileMetaData(new ByteArrayInputStream(file, file.length - 8 - length, length));
    }

    private static List<List<Encoding>> encodingLists(FileMetaData footer) {
        List<List<Encoding>> lists = new ArrayList<>();
        for (RowGroup group : footer.getRow_groups()) {
            for (ColumnChunk column : group.getColumns()) {
                lists.add(column.getMeta_data().getEncodings());
            }
        }
        return lists;
    }

    private static FileMetaData reversedEncodings(FileMetaData footer) {
        for (List<Encoding> encodings : encodingLists(footer)) {
            Collections.reverse(encodings);
        }
        return footer;
    }

    private static byte[] withFooter(byte[] file, FileMetaData footer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Util.writeFileMetaData(footer, bytes);
        byte[] copy = file.clone();
        System.arraycopy(bytes.toByteArray(), 0, copy, file.length - 8 - footerLength(file), bytes.size());
        return copy;
    }
}
