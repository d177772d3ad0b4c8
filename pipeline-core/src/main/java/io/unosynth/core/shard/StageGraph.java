package io.unosynth.core.shard;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chain of sharded stages: each declares the stages it reads and how its shard ids derive from theirs. The CLI
 * runs the stages in this order, and every stage reads its upstream through {@link UpstreamMarkers}, recording the
 * data hash of each upstream shard it read; so a shard whose upstream changed (a {@code --force}, a retry that
 * filled in failed rows, a widened setting) is redone by the next run, and the change flows down the chain.
 *
 * <p>Adding a stage is one declaration here (as {@code new Stage("expand", List.of("select", "generate"),
 * ShardIds.SAME_AS_UPSTREAM)}, placed after its upstream stages) plus its job, bound to the name in the CLI's runner
 * map; the CLI refuses to start when a declared stage has no runner.
 *
 * @param stages in run order; each stage's upstream stages come before it
 */
public record StageGraph(List<Stage> stages) {
    /** How a stage's shard ids derive from its upstream's. */
    public enum ShardIds {
        /** Its own ids from the configuration (plan: a category and a shard index, {@code c0001-s000}). */
        FROM_CONFIG,
        /** Runs of upstream rows of one category ({@code c0001-g000}); the run length is a setting. */
        RUNS_PER_CATEGORY,
        /** One shard per shard of its first upstream stage, with the same id, reading the same ids upstream. */
        SAME_AS_UPSTREAM
    }

    /** One stage: its name (also its folder and CLI command), the stages it reads, its shard ids. */
    public record Stage(String name, List<String> upstream, ShardIds shardIds) {
        public Stage {
            requireNonNull(name, "name is null");
            upstream = List.copyOf(upstream);
            requireNonNull(shardIds, "shardIds is null");
            checkArgument(shardIds == ShardIds.FROM_CONFIG || !upstream.isEmpty(),
                    "Invalid stage '%s': shard ids %s need an upstream stage", name, shardIds);
        }
    }

    /** UNO's chain. */
    public static final StageGraph UNO = new StageGraph(List.of(
            new Stage("plan", List.of(), ShardIds.FROM_CONFIG),
            new Stage("generate", List.of("plan"), ShardIds.RUNS_PER_CATEGORY),
            new Stage("filter", List.of("generate"), ShardIds.SAME_AS_UPSTREAM),
            new Stage("score", List.of("filter", "generate"), ShardIds.SAME_AS_UPSTREAM),
            new Stage("select", List.of("score", "filter"), ShardIds.SAME_AS_UPSTREAM),
            new Stage("export", List.of("select", "generate", "score"), ShardIds.SAME_AS_UPSTREAM),
            // Opt-in in `run` (--expand): multi-subject sets from the selected pairs.
            new Stage("expand", List.of("select", "generate"), ShardIds.SAME_AS_UPSTREAM),
            // Opt-in in `run` (--encode): VAE latents and prompt embeddings of the exported pairs, for training.
            new Stage("encode", List.of("export"), ShardIds.SAME_AS_UPSTREAM)));

    public StageGraph {
        stages = List.copyOf(stages);
        Set<String> declared = new LinkedHashSet<>();
        for (Stage stage : stages) {
            for (String upstream : stage.upstream()) {
                checkArgument(declared.contains(upstream),
                        "Invalid stage graph: stage '%s' reads '%s', which is not declared before it", stage.name(),
                        upstream);
            }
            checkArgument(declared.add(stage.name()), "Invalid stage graph: stage '%s' is declared twice",
                    stage.name());
        }
    }

    public List<String> names() {
        return stages.stream().map(Stage::name).toList();
    }

    public Optional<Stage> find(String name) {
        return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
    }

    public Stage require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Invalid stage: '" + name + "'; the stages are " + names()));
    }

    /** The stages that read {@code name}, directly or through others, in run order: what a change of it redoes. */
    public List<String> downstreamOf(String name) {
        require(name);
        Set<String> affected = new LinkedHashSet<>(List.of(name));
        List<String> result = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage.upstream().stream().anyMatch(affected::contains)) {
                affected.add(stage.name());
                result.add(stage.name());
            }
        }
        return result;
    }

    /** Binds each stage to what runs it; every declared stage needs exactly one, and nothing undeclared is bound. */
    public <R> Map<Stage, R> bind(Map<String, R> runners) {
        checkArgument(runners.keySet().equals(new LinkedHashSet<>(names())),
                "Invalid stage binding: the stages are %s, runners are bound for %s", names(), runners.keySet());
        Map<Stage, R> bound = new LinkedHashMap<>();
        stages.forEach(stage -> bound.put(stage, runners.get(stage.name())));
        return bound;
    }
}
