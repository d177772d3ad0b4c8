package io.unosynth.jobs.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.encode.AspectBuckets;
import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.spark.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode stage on the demo models (real networks, random weights) over the small finished run's export (three
 * selected pairs, real photos), at a test-sized bucket resolution of 128.
 */
public class EncodeJobTest {
    static final String[] SHARDS = {SmallRun.GENERATE_SHARD_CUP, SmallRun.GENERATE_SHARD_PERSON};
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @AfterAll
    static void leaveNoActiveSession() {
        SparkSession.clearActiveSession();
    }

    static UnosynthConfig config(Path root) {
        return SmallRun.config(root, "encode.resolution", "128");
    }

    /** Writes the small run, exports it and encodes the export. */
    static StageSummary encodeSmallRun(SparkSession spark, Path root) throws Exception {
        SmallRun.write(root);
        ExportJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root), false, quiet());
        return encode(spark, root, false);
    }

    static StageSummary encode(SparkSession spark, Path root, boolean force) {
        return EncodeJob.run(spark, SmallRun.storage(spark, root), config(root), force, quiet());
    }

    public static List<EncodedRow> rows(Path root) throws Exception {
        List<EncodedRow> rows = new ArrayList<>();
        for (String shard : SHARDS) {
            try (ParquetShardReader<EncodedRow> part = ParquetShardReader.open(
                    root.resolve("encode/part-" + shard + ".parquet").toString(), new Configuration(),
                    EncodedRowColumns::fromGroup)) {
                part.forEach(rows::add);
            }
        }
        return rows;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }

    @Test
    void everyExportedPairGetsLatentsAndEmbeddingsOfTheRightShapes() throws Exception {
        StageSummary summary = encodeSmallRun(spark, root);

        assertThat(summary.shardsRunNow()).isEqualTo(2);
        List<EncodedRow> rows = rows(root);
        assertThat(rows).extracting(EncodedRow::pairId).containsExactlyInAnyOrderElementsOf(SmallRun.SELECTED);
        AspectBuckets buckets = new AspectBuckets(128);
        for (EncodedRow row : rows) {
            assertThat(buckets.buckets()).contains(new AspectBuckets.Bucket(row.bucketWidth(), row.bucketHeight()));
            assertThat(row.target().shape()).containsExactly(16, row.bucketHeight() / 8, row.bucketWidth() / 8);
            assertThat(row.references()).hasSize(1);
            List<Integer> reference = row.references().get(0).shape();
            assertThat(reference.get(0)).isEqualTo(16);
            // Longer side 128 px (16 latent rows), both sides multiples of 16 px (2 latent rows).
            assertThat(Math.max(reference.get(1), reference.get(2))).isEqualTo(16);
            assertThat(reference.get(1) % 2 + reference.get(2) % 2).isZero();
            assertThat(row.t5().shape()).containsExactly(512, rows.get(0).t5().shape().get(1));
            assertThat(row.clip().shape()).hasSize(1);
            assertThat(row.target().values()).doesNotContain(Float.NaN);
        }
        assertThat(rows.get(0).t5()).isNotEqualTo(rows.get(1).t5());
        EmptyPromptEmbeddings empty = EmptyPromptEmbeddings.fromJson(
                Files.readAllBytes(root.resolve("encode/" + EmptyPromptEmbeddings.FILE_NAME)), "empty prompt");
        assertThat(empty.t5().shape()).isEqualTo(rows.get(0).t5().shape());
        assertThat(empty.clip().shape()).isEqualTo(rows.get(0).clip().shape());
        assertThat(empty.t5()).isNotEqualTo(rows.get(0).t5());
    }

    @Test
    void aRerunSkipsAForcedRerunIsByteIdenticalAndALostShardIsRedoneAlone() throws Exception {
        encodeSmallRun(spark, root);
        byte[] cup = Files.readAllBytes(part(SmallRun.GENERATE_SHARD_CUP));
        byte[] person = Files.readAllBytes(part(SmallRun.GENERATE_SHARD_PERSON));
        byte[] empty = Files.readAllBytes(root.resolve("encode/" + EmptyPromptEmbeddings.FILE_NAME));

        assertThat(encode(spark, root, false).shardsRunNow()).isZero();

        assertThat(encode(spark, root, true).shardsRunNow()).isEqualTo(2);
        assertThat(Files.readAllBytes(part(SmallRun.GENERATE_SHARD_CUP))).isEqualTo(cup);
        assertThat(Files.readAllBytes(part(SmallRun.GENERATE_SHARD_PERSON))).isEqualTo(person);
        assertThat(Files.readAllBytes(root.resolve("encode/" + EmptyPromptEmbeddings.FILE_NAME))).isEqualTo(empty);

        ShardLayout layout = new ShardLayout(EncodeJob.STAGE, "parquet");
        Files.delete(root.resolve(layout.markerFile(new ShardId(SmallRun.GENERATE_SHARD_PERSON))));
        Files.delete(part(SmallRun.GENERATE_SHARD_PERSON));
        assertThat(encode(spark, root, false).shardsRunNow()).isEqualTo(1);
        assertThat(Files.readAllBytes(part(SmallRun.GENERATE_SHARD_PERSON))).isEqualTo(person);
    }

    private Path part(String shard) {
        return root.resolve("encode/part-" + shard + ".parquet");
    }
}
