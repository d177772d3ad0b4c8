package io.unosynth.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.RowFormat;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardOutput;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.onnx.TinyOnnxModels;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shard protocol on S3A against a real S3 server (S3Proxy): round trip, resume, retries without duplicates or
 * visible partial objects, no rename, and a server that dies mid-stage.
 */
class S3StorageIT {
    private static final String[] BUCKETS = {"plan", "retry", "doomed", "abort", "outage", "models"};
    private static Path dir;
    private static S3Server s3;
    private static SparkSession spark;
    private static Configuration hadoop;

    @BeforeAll
    static void start() throws Exception {
        dir = ItSettings.workDir("s3");
        s3 = S3Server.start(dir.resolve("server"));
        spark = LocalSpark.session();
        hadoop = spark.sparkContext().hadoopConfiguration();
        for (String bucket : BUCKETS) {
            s3.createBucket(bucket);
            s3.configure(hadoop, bucket);
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void theCliWritesAStageToS3WithCredentialsFromTheEnvironmentAndTheBytesEqualALocalRun() throws Exception {
        String local = dir.resolve("local-run").toString();
        plan(local, "1,2,3");
        SparkHome sparkHome = SparkHome.create(dir.resolve("spark-home"));

        SubmittedRun.Result run = SubmittedRun.run(sparkHome, "submit-s3", submitToS3(), List.of("plan",
                "--categories", "1,2,3", "--out", "s3a://plan/cli"), credentialsEnvironment(), dir,
                Duration.ofMinutes(3));

        assertThat(run.exitCode()).as("log:%n%s", run.log()).isZero();
        assertThat(run.log()).contains("unosynth plan -> s3a://plan/cli").doesNotContain(S3Server.SECRET_KEY);
        StageOutputs onS3 = StageOutputs.read("s3a://plan/cli/plan", hadoop);
        assertThat(onS3.dataDigests()).hasSize(3).isEqualTo(StageOutputs.read(local + "/plan", hadoop).dataDigests());
        assertThat(onS3.markers()).isEqualTo(StageOutputs.read(local + "/plan", hadoop).markers());
        Dataset<Row> fromS3 = spark.read().parquet("s3a://plan/cli/plan");
        Dataset<Row> fromLocal = spark.read().parquet(local + "/plan");
        assertThat(fromS3.count()).isEqualTo(3 * 400);
        assertThat(fromS3.exceptAll(fromLocal).count()).isZero();
        assertThat(objects("plan", "cli")).as("only data and markers, no staging, nothing else")
                .containsExactly("cli/plan/_shards/c0001-s000.json", "cli/plan/_shards/c0002-s000.json",
                        "cli/plan/_shards/c0003-s000.json", "cli/plan/part-c0001-s000.parquet",
                        "cli/plan/part-c0002-s000.parquet", "cli/plan/part-c0003-s000.parquet");
    }

    @Test
    void aModelOnS3IsStagedThroughS3aVerifiedLoadedAndRun() throws Exception {
        Path local = TinyOnnxModels.writeAdder(dir.resolve("adder")).getParent();
        FileSystem fs = FileSystem.get(URI.create("s3a://models/"), hadoop);
        try (var files = Files.list(local)) {
            for (Path file : files.toList()) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()),
                        new org.apache.hadoop.fs.Path("s3a://models/adder/" + file.getFileName()));
            }
        }
        Path cache = dir.resolve("model-cache");
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(Map.of(
                "models.adder.location", "s3a://models/adder",
                "models.adder.checksum", "sha256:" + Sha256.ofPath(local),
                ModelsConfig.CACHE_DIR, cache.toString())));
        ModelLoader loader = ModelLoader.create(config, new HadoopRemoteFiles(new SerializableHadoopConf(hadoop)), 1L);

        try (ModelRegistry.Lease<ModelSession> lease = loader.acquire("adder", List.of(), ModelSignature.EMPTY)) {
            Map<String, Tensor> out = lease.value().run(Map.of(
                    "x", Tensor.ofFloats(new float[] {1, 1, 1}, 1, 3), "ids", Tensor.ofLongs(new long[] {0, 1}, 1, 2)));
            assertThat(out.get("y").toFloatArray()).containsExactly(1.5f, 0f, 3f);
        }
        try (Stream<Path> staged = Files.walk(cache)) {
            assertThat(staged.map(file -> file.getFileName().toString())).as("the copy staged on this node")
                    .contains("adder.onnx", "weights.bin");
        }
    }

    @Test
    void aRerunAfterDeletingOneShardsObjectsRedoesOnlyThatShardAndNothingIsRenamed() throws Exception {
        String out = "s3a://plan/resume";
        FileSystem fs = FileSystem.get(URI.create(out), hadoop);
        long renamesBefore = renames(fs);
        plan(out, "2,4,6");
        StageOutputs before = StageOutputs.read(out + "/plan", hadoop);
        long untouched = fs.getFileStatus(new org.apache.hadoop.fs.Path(out + "/plan/part-c0002-s000.parquet"))
                .getModificationTime();
        fs.delete(new org.apache.hadoop.fs.Path(out + "/plan/part-c0004-s000.parquet"), false);
        fs.delete(new org.apache.hadoop.fs.Path(out + "/plan/_shards/c0004-s000.json"), false);
        Thread.sleep(1100); // S3 modification times have one-second resolution

        StageSummary rerun = plan(out, "2,4,6");

        assertThat(rerun.shardsRunNow()).isEqualTo(1);
        assertThat(StageOutputs.read(out + "/plan", hadoop)).isEqualTo(before);
        assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(out + "/plan/part-c0002-s000.parquet"))
                .getModificationTime()).isEqualTo(untouched);
        assertThat(renames(fs)).as("S3A renames (copy + delete) while writing shards").isEqualTo(renamesBefore);
        assertThat(new HadoopStageStorage(out, hadoop).atomicRename()).isFalse();
    }

    @Test
    void anAbortedS3aStreamPublishesNothing() throws Exception {
        HadoopStageStorage storage = new HadoopStageStorage("s3a://abort/run", hadoop);
        FileSystem fs = FileSystem.get(URI.create("s3a://abort/"), hadoop);
        try (var stream = fs.create(new org.apache.hadoop.fs.Path("s3a://abort/probe"), true)) {
            assertThat(stream.hasCapability(StreamCapabilities.ABORTABLE_STREAM)).isTrue();
            stream.abort();
        }
        long abortedBefore = multipartAborts(fs);
        ShardOutput output = storage.create("stage/part-x.txt");
        output.write(new byte[6 * 1024 * 1024 + 17]); // past one 5 MB part: a multipart upload is under way
        output.abort();

        assertThat(multipartAborts(fs)).as("multipart upload aborts by this file system").isGreaterThan(abortedBefore);

        assertThat(storage.exists("stage/part-x.txt")).isFalse();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path("s3a://abort/probe"))).isFalse();
        // S3Proxy's filesystem store keeps in-flight multipart parts under .mpus-*; a part whose upload was already
        // on the wire when the abort came can land there afterwards (real S3 refuses it: NoSuchUpload). What matters
        // is that no object ever becomes visible.
        assertThat(filesUnder(s3.bucketDir("abort")))
                .as("no object in the bucket").allMatch(path -> path.toString().contains("/.mpus-"));
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("s3a://abort/")))
                .as("nothing listed but S3Proxy's own multipart staging")
                .allMatch(status -> status.getPath().getName().startsWith(".mpus-"));
    }

    @Test
    void aRetriedTaskLeavesExactlyOneCopyAndItsFailedAttemptsLeftNothingVisible() throws Exception {
        String out = "s3a://retry/run";
        HadoopStageStorage storage = new HadoopStageStorage(out, hadoop);
        // Shard 0: ~6 MB of lines (a multipart upload); its first two attempts die after ~5.5 MB. Each retry first
        // checks that nothing of the failed attempt is visible, and fails the test's job if something is.
        StageSummary summary = runLines(storage, List.of(new Lines(6000, 5500, 2, storage), new Lines(10, -1, 0,
                storage)));

        assertThat(summary.rowsOut()).isEqualTo(6010);
        assertThat(objects("retry", "run")).containsExactly("run/numbers/_shards/s000.json",
                "run/numbers/_shards/s001.json", "run/numbers/part-s000.txt", "run/numbers/part-s001.txt");
        List<String> lines = spark.read().textFile(out + "/numbers/part-s000.txt").collectAsList();
        assertThat(lines).hasSize(6000);
        assertThat(lines.stream().distinct().count()).isEqualTo(6000);
    }

    @Test
    void aShardWhoseEveryAttemptFailsLeavesTheBucketEmpty() throws Exception {
        HadoopStageStorage storage = new HadoopStageStorage("s3a://doomed/run", hadoop);

        assertThatThrownBy(() -> runLines(storage, List.of(new Lines(6000, 5500, Integer.MAX_VALUE, storage))))
                .hasMessageContaining("died after 5500 lines");

        assertThat(storage.exists("numbers/part-s000.txt")).isFalse();
        assertThat(filesUnder(s3.bucketDir("doomed").resolve("run"))).isEmpty();
    }

    @Test
    void aServerThatDiesMidStageFailsItWithAStorageErrorAndARerunAfterRestartLosesAndDuplicatesNothing()
            throws Exception {
        String out = "s3a://outage/run";
        HadoopStageStorage storage = new HadoopStageStorage(out, hadoop);
        Path firstMarker = s3.bucketDir("outage").resolve("run/numbers/_shards/s000.json");
        Thread killer = new Thread(() -> {
            try {
                // The first shard committed (its marker is whole on the server's disk): now the server dies.
                while (!Files.exists(firstMarker) || !Files.readString(firstMarker).strip().endsWith("}")) {
                    Thread.sleep(50);
                }
                s3.stop();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        List<Lines> waiting = new ArrayList<>(List.of(new Lines(500, -1, 0, storage)));
        for (int i = 1; i < 4; i++) {
            waiting.add(new Lines(500, -1, 0, storage).untilServerDown(s3.port()));
        }
        try {
            assertThatThrownBy(() -> runLines(storage, waiting))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.STORAGE_FAILURE))
                    .hasMessageContaining("Cannot run stage 'numbers': Cannot write shard s00")
                    .hasMessageContaining("s3a://outage/run/numbers/");
        } finally {
            killer.join(60_000);
        }

        SubmittedRun.Result cli = SubmittedRun.run(SparkHome.create(dir.resolve("spark-home")), "submit-s3-down",
                submitToS3(), List.of("plan", "--categories", "1", "--out", "s3a://outage/cli"),
                credentialsEnvironment(), dir, Duration.ofMinutes(3));
        assertThat(cli.exitCode()).as("exit code of an external failure; log:%n%s", cli.log()).isEqualTo(3);
        assertThat(cli.log()).contains("unosynth: Cannot read stage 'plan' in s3a://outage/cli")
                .doesNotContain(S3Server.SECRET_KEY);

        s3.restart();
        List<Lines> normal = IntStream.range(0, 4).mapToObj(i -> new Lines(500, -1, 0, storage)).toList();
        StageSummary rerun = runLines(storage, normal);

        assertThat(rerun.shardsRunNow()).isEqualTo(3);
        assertThat(rerun.rowsOut()).isEqualTo(4 * 500);
        assertThat(objects("outage", "run")).containsExactly("run/numbers/_shards/s000.json",
                "run/numbers/_shards/s001.json", "run/numbers/_shards/s002.json", "run/numbers/_shards/s003.json",
                "run/numbers/part-s000.txt", "run/numbers/part-s001.txt", "run/numbers/part-s002.txt",
                "run/numbers/part-s003.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (var in = storage.open("numbers/part-s00" + i + ".txt")) {
                lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            }
        }
        assertThat(lines).hasSize(2000);
        assertThat(lines.stream().distinct().count()).isEqualTo(2000);
        assertThat(spark.read().textFile(out + "/numbers").count()).as("what a reader of the stage sees")
                .isEqualTo(2000);
    }

    private static List<String> submitToS3() {
        return List.of("--master", "local[2]", "--conf", "spark.driver.memory=768m",
                "--conf", "spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:" + s3.port(),
                "--conf", "spark.hadoop.fs.s3a.endpoint.region=us-east-1",
                "--conf", "spark.hadoop.fs.s3a.path.style.access=true",
                "--conf", "spark.hadoop.fs.s3a.attempts.maximum=1",
                "--conf", "spark.hadoop.fs.s3a.retry.limit=1",
                "--conf", "spark.hadoop.fs.s3a.retry.interval=50ms");
    }

    /** The standard AWS variables, read by S3A's default credential chain: no key on any command line. */
    private static Map<String, String> credentialsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
    }

    private static StageSummary plan(String out, String categories) {
        UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(
                new ConfigEntry("run.output", out, "test"), new ConfigEntry("taxonomy.categories", categories, "test")));
        return PlanJob.run(spark, new HadoopStageStorage(out, hadoop), config, false,
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static StageSummary runLines(HadoopStageStorage storage, List<Lines> shards) {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout("numbers", "txt"), "hash", "test");
        List<ShardTask<Lines>> tasks = IntStream.range(0, shards.size())
                .mapToObj(i -> String.format("s%03d", i))
                .map(id -> new ShardTask<>(new ShardId(id), shards.get(Integer.parseInt(id.substring(1))).withId(id)))
                .toList();
        return new ShardedStage<>(protocol, storage, new LineFormat(), new LinesWork())
                .run(spark, tasks, 0, false, Duration.ofMinutes(1), new PrintStream(new ByteArrayOutputStream()));
    }

    private static long multipartAborts(FileSystem fs) {
        return IOStatisticsSupport.retrieveIOStatistics(fs).counters().getOrDefault("object_multipart_aborted", -1L);
    }

    private static Long renames(FileSystem fs) {
        Long renames = fs.getStorageStatistics().getLong("op_rename");
        assertThat(renames).as("S3A's rename counter").isNotNull();
        return renames;
    }

    /** Object keys of a bucket under a prefix, as S3 lists them. */
    private static List<String> objects(String bucket, String prefix) throws IOException {
        FileSystem fs = FileSystem.get(URI.create("s3a://" + bucket + "/"), hadoop);
        List<String> keys = new ArrayList<>();
        var files = fs.listFiles(new org.apache.hadoop.fs.Path("s3a://" + bucket + "/" + prefix), true);
        while (files.hasNext()) {
            keys.add(files.next().getPath().toUri().getPath().substring(1));
        }
        keys.sort(null);
        return keys;
    }

    /** Every file the server keeps under a folder, hidden ones (pending multipart parts) included. */
    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * A shard of numbered 1 KB lines. The first {@code failingAttempts} attempts die after {@code dieAfter} lines;
     * a retry fails loudly if anything of an earlier attempt is visible; {@code serverPort > 0} waits until that
     * server is down before writing.
     */
    record Lines(String id, int lines, int dieAfter, int failingAttempts, HadoopStageStorage storage,
            int serverPort) implements Serializable {
        Lines(int lines, int dieAfter, int failingAttempts, HadoopStageStorage storage) {
            this("", lines, dieAfter, failingAttempts, storage, 0);
        }

        Lines untilServerDown(int port) {
            return new Lines(id, lines, dieAfter, failingAttempts, storage, port);
        }

        Lines withId(String shardId) {
            return new Lines(shardId, lines, dieAfter, failingAttempts, storage, serverPort);
        }
    }

    private static final class LinesWork implements StageWork<Lines, String> {
        @Override
        public Session<Lines, String> open() {
            return new Session<>() {
                @Override
                public ShardWork<String> forShard(Lines shard) {
                    return emitter -> {
                        int attempt = TaskContext.get().attemptNumber();
                        String id = shard.id();
                        if (attempt > 0) {
                            List<String> visible = shard.storage().list("numbers");
                            if (visible.contains("part-" + id + ".txt")
                                    || shard.storage().exists("numbers/_shards/" + id + ".json")) {
                                throw new AssertionError("a failed attempt left " + visible + " visible");
                            }
                        }
                        if (shard.serverPort() > 0) {
                            awaitServerDown(shard.serverPort());
                        }
                        String padding = "x".repeat(1000);
                        for (int i = 0; i < shard.lines(); i++) {
                            if (i == shard.dieAfter() && attempt < shard.failingAttempts()) {
                                throw new IllegalStateException("died after " + i + " lines");
                            }
                            emitter.emit(id + " " + i + " " + padding);
                        }
                    };
                }

                @Override
                public void close() {}
            };
        }

        private static void awaitServerDown(int port) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                } catch (IOException refused) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the S3 server on port " + port + " was never stopped");
        }
    }

    /** Lines of UTF-8 text: bytes reach the store as rows are written (unlike Parquet, which buffers row groups). */
    private static final class LineFormat implements RowFormat<String> {
        @Override
        public String extension() {
            return "txt";
        }

        @Override
        public RowWriter<String> open(OutputStream out) {
            return new RowWriter<>() {
                @Override
                public void write(String row) throws IOException {
                    out.write((row + "\n").getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }
}
