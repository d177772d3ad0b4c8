package io.unosynth.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.jobs.graph.FakeJudgeAnswers;
import io.unosynth.runtime.llm.FakeChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar on a real Spark standalone cluster (a master and two one-core workers, each its own JVM),
 * submitted with deploy/spark-submit.sh (SparkSubmit, client mode, conf/spark-defaults.conf), gives the same bytes as
 * local mode.
 */
class StandaloneClusterIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static Path dir;
    private static SparkHome spark;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = ItSettings.workDir("cluster");
        spark = SparkHome.create(dir.resolve("spark-home"));
        cluster = StandaloneCluster.start(spark, dir, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theClusterProvidesSparkAndTheApplicationJarBringsOurCode() throws Exception {
        assertThat(spark.provides("org/apache/spark/deploy/SparkSubmit.class")).isTrue();
        assertThat(spark.provides("org/apache/hadoop/fs/s3a/S3AFileSystem.class")).isTrue();
        assertThat(spark.provides("io/unosynth/jobs/cli/Unosynth.class")).isFalse();
        assertThat(spark.provides("io/unosynth/core/shard/ShardProtocol.class")).isFalse();
        assertThat(spark.provides("picocli/CommandLine.class")).isFalse();
    }

    @Test
    void planOnTwoExecutorsEqualsLocalModeByteForByte() throws Exception {
        List<String> plan = List.of("plan", "--categories", "1,2,3,4,5,6,7,8");
        String clusterOut = dir.resolve("out-cluster").toString();
        String localOut = dir.resolve("out-local").toString();

        SubmittedRun.Result onCluster = submit("submit-cluster", onCluster("512m", "256m"),
                with(plan, "--out", clusterOut));
        SubmittedRun.Result local = submit("submit-local", List.of("--master", "local[2]"),
                with(plan, "--out", localOut));

        assertThat(onCluster.exitCode()).as("cluster run; log:%n%s", onCluster.log()).isZero();
        assertThat(local.exitCode()).as("local run; log:%n%s", local.log()).isZero();
        assertThat(onCluster.log()).contains("[plan] done: 8 shards (8 run now, 0 already done)");

        Configuration hadoop = new Configuration();
        StageOutputs fromCluster = StageOutputs.read(clusterOut + "/plan", hadoop);
        StageOutputs fromLocal = StageOutputs.read(localOut + "/plan", hadoop);
        assertThat(fromCluster.dataDigests()).hasSize(8).isEqualTo(fromLocal.dataDigests());
        assertThat(fromCluster.markers()).hasSize(8).isEqualTo(fromLocal.markers());

        Set<String> clusterExecutors = executors(clusterOut);
        assertThat(clusterExecutors).as("executor ids in the cluster run's markers")
                .doesNotContain("driver").hasSize(2);
        assertThat(executors(localOut)).containsExactly("driver");
    }

    /**
     * The whole chain with the local chat-completions fake as judge and a filter band that passes the demo pairs, so
     * score, select and export hold pairs: the cluster's outputs equal local mode's.
     */
    @Test
    void theWholeChainOnDemoModelsEqualsLocalModeByteForByte() throws Exception {
        try (FakeChatServer judge = FakeChatServer.start(FakeJudgeAnswers::answer)) {
            theWholeChainWithJudge(judge);
        }
    }

    private void theWholeChainWithJudge(FakeChatServer judge) throws Exception {
        List<String> run = List.of("run", "--categories", "2,3",
                "--set", "plan.subjects-per-category=4", "--set", "plan.subjects-per-shard=4",
                "--set", "generate.width=64", "--set", "generate.height=32", "--set", "generate.steps=2",
                "--set", "generate.pairs-per-shard=1", "--set", "filter.low=0", "--set", "filter.high=1",
                "--set", "judge.base-url=" + judge.baseUrl(), "--set", "judge.model=fake-judge");
        String clusterOut = dir.resolve("chain-cluster").toString();
        String localOut = dir.resolve("chain-local").toString();

        SubmittedRun.Result onCluster = submit("chain-cluster", onCluster("768m", "384m"),
                with(run, "--out", clusterOut));
        SubmittedRun.Result local = submit("chain-local", List.of("--master", "local[2]"),
                with(run, "--out", localOut));

        assertThat(onCluster.exitCode()).as("cluster run; log:%n%s", onCluster.log()).isZero();
        assertThat(local.exitCode()).as("local run; log:%n%s", local.log()).isZero();
        assertThat(onCluster.log()).contains("[generate] done: 4 shards (4 run now, 0 already done)")
                .contains("[select] done: 4 shards");
        Configuration hadoop = new Configuration();
        // Score files hold each verdict's latency, so they are compared by their markers' row counts.
        for (String stage : List.of("plan", "generate", "filter", "select", "export")) {
            StageOutputs fromCluster = StageOutputs.read(clusterOut + "/" + stage, hadoop);
            StageOutputs fromLocal = StageOutputs.read(localOut + "/" + stage, hadoop);
            assertThat(fromCluster.dataDigests()).as(stage).isNotEmpty().isEqualTo(fromLocal.dataDigests());
        }
        assertThat(onCluster.log()).contains("[score] done: 4 shards (4 run now, 0 already done) | 4 in -> 4 rows")
                .contains("[export] done: 4 shards (4 run now, 0 already done)");
        assertThat(local.log()).contains("[score] done: 4 shards (4 run now, 0 already done) | 4 in -> 4 rows");
        assertThat(Files.readString(Path.of(clusterOut, "export/uno_train.json")))
                .contains("image_tgt_path").isEqualTo(Files.readString(Path.of(localOut, "export/uno_train.json")));
        assertThat(executors(clusterOut, "generate")).doesNotContain("driver").isNotEmpty();
    }

    /** Client mode on the test cluster, two one-core executors of the given memory. */
    private static List<String> onCluster(String executorMemory, String overhead) {
        return List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--conf", "spark.executor.memory=" + executorMemory,
                "--conf", "spark.executor.memoryOverhead=" + overhead,
                "--conf", "spark.cores.max=2",
                // Start only when both executors are up, so both get shards.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=60s");
    }

    private static Set<String> executors(String out) throws Exception {
        return executors(out, "plan");
    }

    private static Set<String> executors(String out, String stage) throws Exception {
        Set<String> ids = new TreeSet<>();
        for (Map<String, Object> marker : StageOutputs.rawMarkers(out + "/" + stage, new Configuration()).values()) {
            ids.add((String) marker.get("executorId"));
        }
        return ids;
    }

    private static SubmittedRun.Result submit(String name, List<String> master, List<String> command)
            throws Exception {
        List<String> options = new ArrayList<>(List.of("--conf", "spark.driver.memory=768m",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        options.addAll(master);
        return SubmittedRun.run(spark, name, options, command, Map.of(), dir, RUN_TIMEOUT);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
