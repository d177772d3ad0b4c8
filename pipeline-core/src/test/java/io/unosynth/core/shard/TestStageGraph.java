package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.shard.StageGraph.ShardIds;
import io.unosynth.core.shard.StageGraph.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestStageGraph {
    @Test
    void unoRunsInOrderAndAChangeFlowsDown() {
        assertThat(StageGraph.UNO.names()).containsExactly("plan", "generate", "filter", "score", "select", "export",
                "expand", "score-sets", "encode", "encode-sets");
        assertThat(StageGraph.UNO.downstreamOf("score")).containsExactly("select", "export", "expand",
                "score-sets", "encode", "encode-sets");
        assertThat(StageGraph.UNO.downstreamOf("generate")).containsExactly("filter", "score", "select", "export",
                "expand", "score-sets", "encode", "encode-sets");
        assertThat(StageGraph.UNO.downstreamOf("export")).containsExactly("encode");
        assertThat(StageGraph.UNO.downstreamOf("expand")).containsExactly("score-sets", "encode-sets");
        assertThat(StageGraph.UNO.downstreamOf("encode")).isEmpty();
    }

    @Test
    void addingAStageIsOneDeclaration() {
        List<Stage> stages = new ArrayList<>(StageGraph.UNO.stages());
        stages.add(2, new Stage("caption", List.of("generate"), ShardIds.SAME_AS_UPSTREAM));
        StageGraph graph = new StageGraph(stages);

        assertThat(graph.names()).containsExactly("plan", "generate", "caption", "filter", "score", "select",
                "export", "expand", "score-sets", "encode", "encode-sets");
        assertThat(graph.downstreamOf("caption")).isEmpty();
        assertThat(graph.downstreamOf("plan")).contains("caption");
    }

    @Test
    void anUpstreamMustBeDeclaredBefore() {
        assertThatThrownBy(() -> new StageGraph(List.of(new Stage("filter", List.of("generate"),
                ShardIds.SAME_AS_UPSTREAM), new Stage("generate", List.of(), ShardIds.FROM_CONFIG))))
                .hasMessage("Invalid stage graph: stage 'filter' reads 'generate', which is not declared before it");
        assertThatThrownBy(() -> new Stage("filter", List.of(), ShardIds.SAME_AS_UPSTREAM))
                .hasMessageContaining("need an upstream stage");
    }

    @Test
    void everyStageNeedsARunner() {
        StageGraph graph = new StageGraph(List.of(new Stage("plan", List.of(), ShardIds.FROM_CONFIG),
                new Stage("generate", List.of("plan"), ShardIds.RUNS_PER_CATEGORY)));
        assertThat(graph.bind(Map.of("plan", 1, "generate", 2)).values()).containsExactly(1, 2);
        assertThatThrownBy(() -> graph.bind(Map.of("plan", 1)))
                .hasMessage("Invalid stage binding: the stages are [plan, generate], runners are bound for [plan]");
    }
}
