package io.unosynth.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.jobs.parquet.ParquetColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shard protocol under real Spark failures: tasks that die midway, retries, reruns. */
class ShardedStageTest {
    private static final ParquetColumns<Numbered> COLUMNS = ParquetColumns.<Numbered>builder("numbered")
            .string("shard", Numbered::shard)
            .int32("n", Numbered::n)
            .build();

    private static SparkSession spark;

    @TempDir
    Path tmp;

    record Numbered(String shard, int n) implements Serializable {}

    /** How a shard behaves: rows to write, and after how many rows its first attempts die (-1: never). */
    record Plan(int rows, int dieAfter, int failingAttempts) implements Serializable {}

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @Test
    void aTaskThatDiesMidShardLeavesNothingVisibleAndARerunFillsTheGap() throws IOException {
        List<ShardTask<Plan>> failing = tasks(new Plan(100, -1, 0), new Plan(100, 50, Integer.MAX_VALUE),
                new Plan(100, -1, 0));

        assertThatThrownBy(() -> run(failing)).hasMessageContaining("died after 50 rows");

        Path stage = tmp.resolve("numbers");
        assertThat(visibleDataFiles(stage)).doesNotContain("part-s001.parquet");
        assertThat(stage.resolve("_shards/s001.json")).doesNotExist();
        assertThat(spark.read().parquet(stage.toString()).where("shard = 's001'").count()).isZero();

        StageSummary rerun = run(tasks(new Plan(100, -1, 0), new Plan(100, -1, 0), new Plan(100, -1, 0)));
        assertThat(rerun.shardsRunNow()).isEqualTo(1);
        assertThat(spark.read().parquet(stage.toString()).count()).isEqualTo(300);
    }

    @Test
    void aRetriedTaskLeavesExactlyOneCopyOfItsShard() throws IOException {
        // First two attempts die after writing half their rows; Spark (local[2,3]) retries the third time.
        StageSummary summary = run(tasks(new Plan(200, 100, 2), new Plan(10, -1, 0)));

        Path stage = tmp.resolve("numbers");
        assertThat(summary.rowsOut()).isEqualTo(210);
        assertThat(visibleDataFiles(stage)).containsExactly("part-s000.parquet", "part-s001.parquet");
        List<Row> rows = spark.read().parquet(stage.toString()).where("shard = 's000'").collectAsList();
        assertThat(rows).hasSize(200);
        assertThat(rows.stream().map(r -> r.getInt(1)).distinct().count()).isEqualTo(200);
        assertThat(stage.resolve("_staging")).doesNotExist();
    }

    @Test
    void progressCountsRowsWhileTheFirstShardIsStillRunning() {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout("slow", "parquet"), "hash", "test");
        ShardedStage<Plan, Numbered> stage = new ShardedStage<>(protocol,
                new HadoopStageStorage(tmp.toString(), spark.sparkContext().hadoopConfiguration()),
                new ParquetRowFormat<>(COLUMNS, CompressionCodecName.UNCOMPRESSED), new SlowModelWork());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        StageSummary summary = stage.run(spark, tasks(new Plan(16, -1, 0)), 0, false, Duration.ofMillis(100),
                new PrintStream(console, true));

        assertThat(summary.rowsOut()).isEqualTo(16);
        List<String> lines = console.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("[slow] starting 1 shards (0 already done)");
        assertThat(lines.get(1)).matches("\\[slow\\] 0/1 shards \\| opening tasks: staging and loading models \\(\\d+s\\)");
        // Rows seen on the driver while the only shard is unfinished: counted as produced, not per shard.
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "\\[slow\\] 0/1 shards \\(0\\.0%\\) \\| ([1-9]|1[0-5]) rows of 16 \\| .*"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("[slow] 1/1 shards (100.0%) | 16 rows"));
    }

    private StageSummary run(List<ShardTask<Plan>> tasks) {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout("numbers", "parquet"), "hash", "test");
        ShardedStage<Plan, Numbered> stage = new ShardedStage<>(protocol,
                new HadoopStageStorage(tmp.toString(), spark.sparkContext().hadoopConfiguration()),
                new ParquetRowFormat<>(COLUMNS, CompressionCodecName.UNCOMPRESSED), new NumberWork());
        return stage.run(spark, tasks, 0, false, Duration.ofMinutes(1), new PrintStream(new ByteArrayOutputStream()));
    }

    private static List<ShardTask<Plan>> tasks(Plan... plans) {
        return IntStream.range(0, plans.length)
                .mapToObj(i -> new ShardTask<>(new ShardId(String.format("s%03d", i)), plans[i]))
                .toList();
    }

    private static List<String> visibleDataFiles(Path stage) throws IOException {
        try (Stream<Path> files = Files.list(stage)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("_") && !name.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /** A model that takes a while to load and 150 ms per row, like a small generator on a laptop. */
    private static final class SlowModelWork implements StageWork<Plan, Numbered> {
        @Override
        public long expectedRows(Plan plan) {
            return plan.rows();
        }

        @Override
        public Session<Plan, Numbered> open() throws InterruptedException {
            Thread.sleep(500);
            return new Session<>() {
                @Override
                public ShardWork<Numbered> forShard(Plan plan) {
                    return emitter -> {
                        for (int i = 0; i < plan.rows(); i++) {
                            Thread.sleep(150);
                            emitter.emit(new Numbered("s000", i));
                        }
                    };
                }

                @Override
                public void close() {}
            };
        }
    }

    private static final class NumberWork implements StageWork<Plan, Numbered> {
        @Override
        public Session<Plan, Numbered> open() {
            return new Session<>() {
                @Override
                public ShardWork<Numbered> forShard(Plan plan) {
                    return emitter -> {
                        int attempt = TaskContext.get().attemptNumber();
                        String shard = "s" + String.format("%03d", TaskContext.get().partitionId());
                        for (int i = 0; i < plan.rows(); i++) {
                            if (i == plan.dieAfter() && attempt < plan.failingAttempts()) {
                                throw new IllegalStateException("died after " + i + " rows");
                            }
                            emitter.emit(new Numbered(shard, i));
                        }
                    };
                }

                @Override
                public void close() {}
            };
        }
    }
}
