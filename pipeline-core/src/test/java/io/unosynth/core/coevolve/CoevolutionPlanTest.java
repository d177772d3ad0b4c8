package io.unosynth.core.coevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.shard.LocalStageStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoevolutionPlanTest {
    @TempDir
    Path root;

    private static CoevolutionPlan plan(int rounds, CoevolveConfig config) {
        return new CoevolutionPlan("s3a://b/loop/", rounds, config, "flux", "s2i", "flux");
    }

    @Test
    void everyRoundRunsTheChainInItsOwnFolder() {
        List<CoevolutionStep> steps = plan(2, CoevolveConfig.defaults()).steps();

        assertThat(steps).extracting(CoevolutionStep::id).containsExactly(
                "r1.plan", "r1.generate", "r1.filter", "r1.score", "r1.select", "r1.export", "r1.encode",
                "r1.train-1", "r1.expand", "r1.score-sets", "r1.encode-sets", "r1.train-2", "r1.evaluate",
                "r2.plan", "r2.generate", "r2.filter", "r2.score", "r2.select", "r2.export", "r2.encode",
                "r2.train-1", "r2.expand", "r2.score-sets", "r2.encode-sets", "r2.train-2", "r2.evaluate");
        assertThat(steps).allSatisfy(step -> assertThat(step.overrides()).containsEntry("run.output",
                "s3a://b/loop/round-" + step.round()));
        CoevolutionStep trainTwo = plan(2, CoevolveConfig.defaults()).require("r2.train-2");
        assertThat(trainTwo.outputPath()).isEqualTo("round-2/train/stage-2");
        assertThat(trainTwo.markerPath()).isEqualTo("round-2/_coevolve/train-2.json");
    }

    @Test
    void trainedModelsFlowToTheStepsAfterThem() {
        CoevolutionPlan plan = plan(2, CoevolveConfig.defaults());
        String stageOne = "s3a://b/loop/round-1/train/stage-1/model";
        String stageTwo = "s3a://b/loop/round-1/train/stage-2/model";

        assertThat(plan.require("r1.generate").overrides()).containsOnlyKeys("run.output");
        assertThat(plan.require("r1.train-1").overrides()).containsOnlyKeys("run.output");
        assertThat(plan.require("r1.expand").overrides()).containsEntry("models.s2i.backend", "dit")
                .containsEntry("models.s2i.location", stageOne).doesNotContainKey("models.flux.location");
        assertThat(plan.require("r1.score-sets").overrides()).isEqualTo(plan.require("r1.expand").overrides());
        assertThat(plan.require("r1.encode-sets").overrides()).isEqualTo(plan.require("r1.expand").overrides());
        assertThat(plan.require("r1.train-2").overrides()).containsEntry("models.s2i.location", stageOne);
        assertThat(plan.require("r1.evaluate").overrides()).containsEntry("models.flux.backend", "dit")
                .containsEntry("models.flux.location", stageTwo).doesNotContainKey("models.s2i.location");
        // Round 2 renders with round 1's Stage II model; every later step of the round sees it (config hashes).
        assertThat(plan.steps()).filteredOn(step -> step.round() == 2 && !step.name().equals("evaluate"))
                .allSatisfy(step -> assertThat(step.overrides()).containsEntry("models.flux.location", stageTwo));
        assertThat(plan.require("r2.expand").overrides()).containsEntry("models.s2i.location",
                "s3a://b/loop/round-2/train/stage-1/model");
        assertThat(plan.require("r2.evaluate").overrides()).containsEntry("models.flux.location",
                "s3a://b/loop/round-2/train/stage-2/model");
    }

    @Test
    void withoutHandoffTheStepsKeepTheConfiguredModels() {
        CoevolveConfig off = CoevolveConfig.from(ConfigValues.of(Map.of("coevolve.handoff", "false")));

        assertThat(plan(2, off).steps()).allSatisfy(step -> assertThat(step.overrides()).containsOnlyKeys(
                "run.output"));
    }

    @Test
    void badRoundsAndStepsAreNamed() {
        assertThatThrownBy(() -> plan(0, CoevolveConfig.defaults())).hasMessageContaining("--rounds 0");
        assertThatThrownBy(() -> plan(1, CoevolveConfig.defaults()).require("r2.plan"))
                .hasMessageContaining("Invalid step 'r2.plan'").hasMessageContaining("r1.evaluate");
    }

    @Test
    void statusTellsDoneChangedStartedAndPending() throws Exception {
        LocalStageStorage storage = new LocalStageStorage(root);
        CoevolutionPlan plan = plan(1, CoevolveConfig.defaults());
        CoevolutionStep generate = plan.require("r1.generate");
        CoevolutionStep train = plan.require("r1.train-1");

        assertThat(StepStatus.read(storage, generate, "f1").state()).isEqualTo(StepStatus.State.PENDING);
        Files.createDirectories(root.resolve("round-1/generate/_shards"));
        Files.writeString(root.resolve("round-1/generate/_shards/c0001-g000.json"), "{}");
        StepStatus started = StepStatus.read(storage, generate, "f1");
        assertThat(started.state()).isEqualTo(StepStatus.State.STARTED);
        assertThat(started.shardsDone()).isEqualTo(1);
        assertThat(started.render()).contains("r1.generate").contains("started").contains("1 shard(s) committed")
                .contains("round-1/generate");

        StepStatus.markDone(storage, generate, "f1", 12);
        assertThat(StepStatus.read(storage, generate, "f1").state()).isEqualTo(StepStatus.State.DONE);
        assertThat(StepStatus.read(storage, generate, "f2").state()).isEqualTo(StepStatus.State.CHANGED);
        assertThat(storage.list("round-1/_coevolve/_staging")).isEmpty();
        assertThat(root.resolve("round-1/_coevolve/generate.json")).content().contains("\"fingerprint\" : \"f1\"");

        Files.createDirectories(root.resolve("round-1/train/stage-1/checkpoint-1"));
        Files.writeString(root.resolve("round-1/train/stage-1/checkpoint-1/trainer_state.json"), "{}");
        assertThat(StepStatus.read(storage, train, "t").state()).isEqualTo(StepStatus.State.STARTED);
        assertThat(StepStatus.read(storage, train, "t").render()).contains("no LoRA yet");
    }
}
