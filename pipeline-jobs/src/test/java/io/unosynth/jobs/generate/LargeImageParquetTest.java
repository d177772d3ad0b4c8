package io.unosynth.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.spark.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet with multi-MB image columns within the test JVM's 2 GiB heap: 100 pairs of incompressible 1024x512 PNGs
 * (about 3 MB a row) written through the shard protocol and read back with Spark.
 */
class LargeImageParquetTest {
    @TempDir
    Path tmp;

    @Test
    void writesAndReadsOneHundredRowsOfLargePngsInATwoGigabyteHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("the test runs with -Xmx2g").isLessThanOrEqualTo(2L << 30);
        byte[][] pngs = new byte[3][];
        Random random = new Random(11);
        for (int i = 0; i < pngs.length; i++) {
            byte[] pixels = new byte[1024 * 512 * 3];
            random.nextBytes(pixels);
            pngs[i] = ImageCodec.encodePng(new RgbImage(1024, 512, pixels));
        }
        assertThat(pngs[0].length).as("noise does not compress").isGreaterThan(1_500_000);
        ShardProtocol protocol = new ShardProtocol(new ShardLayout("generate", "parquet"), "hash", "test");
        ParquetRowFormat<PairRow> format = new ParquetRowFormat<>(PairRowColumns.COLUMNS,
                CompressionCodecName.UNCOMPRESSED);
        long bytes = 0;
        for (int shard = 0; shard < 2; shard++) {
            int offset = shard * 50;
            ShardStats stats = protocol.execute(new LocalStageStorage(tmp), new ShardId("c0001-g00" + shard),
                    TaskAttempt.local(), format, emitter -> {
                        for (int i = 0; i < 50; i++) {
                            int n = offset + i;
                            emitter.emit(new PairRow("p" + n, "p" + n, 1, "Person", "s", "scene", "prompt", n, 25,
                                    4.0, "flux", "demo", pngs[n % 3], 1024, 512, pngs[(n + 1) % 3], 1024, 512));
                        }
                    });
            bytes += stats.dataBytes();
        }
        assertThat(bytes).isGreaterThan(100L * 2 * 1_500_000);

        SparkSession spark = LocalSpark.session();
        Dataset<Row> pairs = spark.read().parquet(tmp.resolve("generate").toString());
        List<Row> sizes = pairs.selectExpr("count(*)", "sum(length(ref_png)) + sum(length(tgt_png))").collectAsList();
        assertThat(sizes.get(0).getLong(0)).isEqualTo(100);
        assertThat(sizes.get(0).getLong(1)).isEqualTo(expectedBytes(pngs, 100));
        PairRow last = PairRowColumns.fromRow(pairs.where("pair_id = 'p99'").first());
        assertThat(last.targetPng()).isEqualTo(pngs[(99 + 1) % 3]);
        assertThat(ImageCodec.decode(last.referencePng(), "p99")).extracting(RgbImage::width, RgbImage::height)
                .containsExactly(1024, 512);
    }

    private static long expectedBytes(byte[][] pngs, int rows) {
        long total = 0;
        for (int n = 0; n < rows; n++) {
            total += pngs[n % 3].length + pngs[(n + 1) % 3].length;
        }
        return total;
    }
}
