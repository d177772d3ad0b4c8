package io.unosynth.core;

import static io.unosynth.core.Fixtures.roundTripSerialize;
import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.core.taxonomy.Taxonomy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that crosses from the Spark driver to executors survives Java serialization unchanged. */
class TestSerialization {
    @TempDir
    Path tempDir;

    @Test
    void configs() {
        UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(
                ConfigFiles.override("plan.backend=llm"),
                ConfigFiles.override("llm.base-url=http://127.0.0.1:8000/v1"),
                ConfigFiles.override("llm.model=m"),
                ConfigFiles.override("taxonomy.categories=1,Person"),
                ConfigFiles.override("run.progress-interval=250ms"),
                ConfigFiles.override("spark.master=local[2]")));
        assertThat(roundTripSerialize(config)).isEqualTo(config);
        assertThat(roundTripSerialize(config.run())).isEqualTo(config.run());
        assertThat(roundTripSerialize(config.taxonomy())).isEqualTo(config.taxonomy());
        assertThat(roundTripSerialize(config.plan())).isEqualTo(config.plan());
        assertThat(roundTripSerialize(config.llm())).isEqualTo(config.llm());
        assertThat(roundTripSerialize(UnosynthConfig.defaults())).isEqualTo(UnosynthConfig.defaults());
    }

    @Test
    void shardRecords() {
        ShardId id = ShardId.ofCategory(38, 2);
        assertThat(roundTripSerialize(id)).isEqualTo(id);
        TaskAttempt attempt = Fixtures.ATTEMPT;
        assertThat(roundTripSerialize(attempt)).isEqualTo(attempt);
        ShardStats stats = new ShardStats("plan", "c0038-s002", 1, 400, Map.of("scene_missing", 2L), 10, "h", "v",
                List.of("template-v1"), "e", "t", "part-c0038-s002.parquet", 1234, "abcd");
        ShardStats copy = roundTripSerialize(stats);
        assertThat(copy).isEqualTo(stats);
        assertThat(copy.failures().keySet()).containsExactly("scene_missing");
    }

    @Test
    void shardProtocolStillWorksAfterTheTrip() throws Exception {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout("plan", "jsonl"), "cfg", "v");
        ShardProtocol copy = roundTripSerialize(protocol);
        assertThat(copy.layout()).isEqualTo(protocol.layout());
        assertThat(copy.configHash()).isEqualTo("cfg");

        ShardStats stats = copy.execute(Fixtures.storage(tempDir), ShardId.ofCategory(1, 0), Fixtures.ATTEMPT,
                roundTripSerialize(Fixtures.jsonLines(String.class)), emitter -> emitter.emit("row"));
        assertThat(stats.rowsOut()).isEqualTo(1);
        assertThat(protocol.plan(Fixtures.storage(tempDir), List.of(ShardId.ofCategory(1, 0))).done())
                .containsExactly(stats);
    }

    @Test
    void planRecords() {
        PlanRow row = new PlanRow("c0038-subj012-scn03", 38, "Moniter/TV", 12, "a curved TV", 3, "on a desk",
                "prompt", 42L, "template-v1");
        assertThat(roundTripSerialize(row)).isEqualTo(row);
        PromptTemplate template = PromptTemplate.diptych();
        assertThat(roundTripSerialize(template)).isEqualTo(template);
    }

    @Test
    void categories() {
        assertThat(roundTripSerialize(Fixtures.CUP)).isEqualTo(Fixtures.CUP);
        assertThat(roundTripSerialize(Taxonomy.objects365().byId(38))).isEqualTo(Fixtures.MONITOR);
    }
}
