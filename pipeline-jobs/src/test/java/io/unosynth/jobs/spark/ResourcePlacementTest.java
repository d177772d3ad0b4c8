package io.unosynth.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.TaskResourceProfile;
import org.junit.jupiter.api.Test;

class ResourcePlacementTest {
    @Test
    void localMastersTakeTheNoOpPathAndClusterMastersTheProfilePath() {
        assertThat(ResourcePlacement.forMaster("local[2,3]")).isSameAs(LocalPlacement.INSTANCE);
        assertThat(ResourcePlacement.forMaster("local-cluster[2,1,1024]")).isSameAs(LocalPlacement.INSTANCE);
        assertThat(ResourcePlacement.forMaster("spark://10.0.0.1:7077")).isSameAs(ClusterPlacement.INSTANCE);
        assertThat(ResourcePlacement.forMaster("yarn")).isSameAs(ClusterPlacement.INSTANCE);
        assertThat(ResourcePlacement.forMaster("k8s://https://api:6443")).isSameAs(ClusterPlacement.INSTANCE);
    }

    @Test
    void localModeLeavesTheRddAloneEvenForAGpuStage() {
        JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext())
                .parallelize(List.of(1, 2, 3), 2);

        JavaRDD<Integer> placed = ResourcePlacement.forMaster("local[2]").place(rdd, StageResources.gpusPerTask(1));

        assertThat(placed).isSameAs(rdd);
        assertThat(placed.getResourceProfile()).isNull();
        assertThat(placed.collect()).containsExactly(1, 2, 3);
    }

    @Test
    void aGpuStageGetsATaskProfileWithItsGpuAmountAndNoExecutorRequests() {
        ResourceProfile profile = ClusterPlacement.profile(StageResources.gpusPerTask(0.5));

        assertThat(profile).isInstanceOf(TaskResourceProfile.class);
        assertThat(profile.getTaskCpus().get()).isEqualTo(1);
        assertThat(profile.taskResourcesJMap().get("gpu").amount()).isEqualTo(0.5);
        assertThat(profile.executorResourcesJMap()).isEmpty();
    }

    @Test
    void theClusterPathKeepsTheDefaultProfileForOrdinaryStagesAndSparkRefusesProfilesInLocalMode() {
        JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext())
                .parallelize(List.of(1, 2, 3), 2);

        assertThat(ClusterPlacement.INSTANCE.place(rdd, StageResources.DEFAULT)).isSameAs(rdd);
        // Why local runs must not take the cluster path (REFERENCE.md section 6).
        assertThatThrownBy(() -> ClusterPlacement.INSTANCE.place(rdd, StageResources.gpusPerTask(1)).collect())
                .hasMessageContaining("only supported for Standalone, Yarn and Kubernetes");
    }

    @Test
    void rejectsImpossibleAmounts() {
        assertThatThrownBy(() -> new StageResources(0, 0)).hasMessageContaining("Invalid task CPUs: 0");
        assertThatThrownBy(() -> StageResources.gpusPerTask(1.5)).hasMessageContaining("Invalid task GPUs: 1.5");
        assertThatThrownBy(() -> StageResources.gpusPerTask(-1)).hasMessageContaining("Invalid task GPUs: -1");
    }
}
