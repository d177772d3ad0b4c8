package io.unosynth.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.jobs.spark.LocalSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.Test;

/** Thread counts follow the cores the executor owns, not every core its JVM can see. */
class ExecutorCoresTest {
    @Test
    void theExecutorsCoresCapTheCoresTheJvmSees() {
        LocalSpark.session();
        SparkConf conf = SparkEnv.get().conf();
        int visible = Runtime.getRuntime().availableProcessors();
        assertThat(conf.contains("spark.executor.cores")).as("unset in local mode").isFalse();
        assertThat(GenerateJob.executorCores()).isEqualTo(visible);
        try {
            conf.set("spark.executor.cores", "1");
            assertThat(GenerateJob.executorCores()).as("a YARN executor of one core on a larger node").isEqualTo(1);
            conf.set("spark.executor.cores", String.valueOf(visible + 8));
            assertThat(GenerateJob.executorCores()).as("never more than the JVM sees").isEqualTo(visible);
        } finally {
            conf.remove("spark.executor.cores");
        }
    }
}
