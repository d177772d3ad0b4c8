package io.unosynth.core.shard;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.build.ContentHash;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.judge.JudgePrompts;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.plan.TemplatePlanBackend;
import io.unosynth.core.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The chain of sharded stages: each declares the stages it reads, how its shard ids derive from theirs, and the
 * settings its config hash covers ({@link #configHash}; the jobs take their hash from here). The CLI
 * runs the stages in this order, and every stage reads its upstream through {@link UpstreamMarkers}, recording the
 * data hash of each upstream shard it read; so a shard whose upstream changed (a {@code --force}, a retry that
 * filled in failed rows, a widened setting) is redone by the next run, and the change flows down the chain.
 *
 * <p>Adding a stage is one declaration here (as {@code new Stage("expand", List.of("select", "generate"),
 * ShardIds.SAME_AS_UPSTREAM, StageGraph::expandSettings)}, placed after its upstream stages; a stage declared without
 * settings depends on its upstream only) plus its job, bound to the name in the CLI's runner
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

    /**
     * The settings a stage's results depend on, besides its upstream's: what its config hash covers. Settings that
     * only widen or narrow the work (which categories, how many subjects or pairs) and settings of how it runs
     * (endpoints, concurrency, partitions) stay out, so changing them adds shards or changes nothing.
     */
    @FunctionalInterface
    public interface Settings {
        /** A stage whose results depend on its upstream only. */
        Settings NONE = config -> List.of();

        List<Object> of(UnosynthConfig config);
    }

    /**
     * One stage: its name (also its folder and CLI command), the stages it reads, its shard ids, and the settings
     * its config hash covers.
     */
    public record Stage(String name, List<String> upstream, ShardIds shardIds, Settings settings) {
        public Stage {
            requireNonNull(name, "name is null");
            upstream = List.copyOf(upstream);
            requireNonNull(shardIds, "shardIds is null");
            requireNonNull(settings, "settings is null");
            checkArgument(shardIds == ShardIds.FROM_CONFIG || !upstream.isEmpty(),
                    "Invalid stage '%s': shard ids %s need an upstream stage", name, shardIds);
        }

        /** A stage whose results depend on its upstream only. */
        public Stage(String name, List<String> upstream, ShardIds shardIds) {
            this(name, upstream, shardIds, Settings.NONE);
        }
    }

    /** The models generate renders with. */
    public static final List<String> GENERATE_MODELS = List.of("flux", "t5", "clip", "vae-decoder");

    /** The models encode runs. */
    public static final List<String> ENCODE_MODELS = List.of("vae-decoder", "vae-encoder", "t5", "clip");

    /** UNO's chain. */
    public static final StageGraph UNO = new StageGraph(List.of(
            new Stage("plan", List.of(), ShardIds.FROM_CONFIG, StageGraph::planSettings),
            new Stage("generate", List.of("plan"), ShardIds.RUNS_PER_CATEGORY, StageGraph::generateSettings),
            new Stage("filter", List.of("generate"), ShardIds.SAME_AS_UPSTREAM, config -> List.of(config.filter(),
                    config.models().require(config.filter().embedderModel()))),
            new Stage("score", List.of("filter", "generate"), ShardIds.SAME_AS_UPSTREAM,
                    StageGraph::judgeSettings),
            new Stage("select", List.of("score", "filter"), ShardIds.SAME_AS_UPSTREAM,
                    config -> List.of(config.select())),
            new Stage("export", List.of("select", "generate", "score"), ShardIds.SAME_AS_UPSTREAM),
            // Opt-in in `run` (--expand): multi-subject sets from the selected pairs.
            new Stage("expand", List.of("select", "generate"), ShardIds.SAME_AS_UPSTREAM,
                    StageGraph::expandSettings),
            // With expand: the VLM judge on every reference of each multi-subject set, against the set's target.
            new Stage("score-sets", List.of("expand"), ShardIds.SAME_AS_UPSTREAM, StageGraph::judgeSettings),
            // Opt-in in `run` (--encode): VAE latents and prompt embeddings of the exported pairs, for training.
            new Stage("encode", List.of("export"), ShardIds.SAME_AS_UPSTREAM, StageGraph::encodeSettings),
            // Opt-in in `run` (--expand --encode) and in coevolve: the sets score-sets' verdicts select, encoded
            // alike (the selection's settings, select.*, are covered upstream through expand).
            new Stage("encode-sets", List.of("score-sets", "expand"), ShardIds.SAME_AS_UPSTREAM,
                    StageGraph::encodeSettings)));

    /** What changes a verdict: the judge's model, sampling and prompts (not its endpoint or concurrency). */
    private static List<Object> judgeSettings(UnosynthConfig config) {
        return List.of(config.judge().endpoint().model(), config.judge().endpoint().temperature(),
                config.judge().endpoint().maxTokens(), config.judge().maxAnswerAttempts(),
                JudgePrompts.load(config.judge().promptDir()).version());
    }

    private static List<Object> encodeSettings(UnosynthConfig config) {
        return List.of(config.encode().resolution(), ENCODE_MODELS.stream().map(name -> config.models().require(name))
                .toList());
    }

    /**
     * Plan settings, seed, the whole taxonomy (not the category selection), the prompt template and the backend's
     * model. Not {@code plan.subjects-per-category}, which only adds or removes shards: a shard's subjects are a
     * slice of the category's list, and a repeatable backend's list is prefix-stable.
     */
    private static List<Object> planSettings(UnosynthConfig config) {
        PlanConfig p = config.plan();
        PlanConfig results = new PlanConfig(p.backend(), 0, p.scenesPerSubject(), p.maxSubjectWords(),
                p.maxSceneTokens(), p.subjectsPerShard(), p.promptTemplateFile(), p.dedupSimilarity(),
                p.maxAnswerAttempts());
        String backend = p.backend() == PlanConfig.PlanBackendKind.LLM
                ? "llm:" + config.llm().model() + ":" + config.llm().temperature()
                : TemplatePlanBackend.ID;
        return List.of(results, config.run().seed(), Taxonomy.load(config.taxonomy()).all(),
                PromptTemplate.load(p.promptTemplateFile()).text(), backend);
    }

    /**
     * The generate settings and its models (locations, checksums, settings). Not
     * {@code generate.max-pairs-per-category}: it only widens or narrows the work, and a shard whose rows it changes
     * is redone through its provenance.
     */
    private static List<Object> generateSettings(UnosynthConfig config) {
        GenerateConfig g = config.generate();
        GenerateConfig results = new GenerateConfig(g.width(), g.height(), g.steps(), g.guidance(), g.schedule(),
                g.batchSize(), g.pairsPerShard(), 0, g.splitMargin(), g.taskGpus());
        return List.of(results, GENERATE_MODELS.stream().map(name -> config.models().require(name).toString())
                .collect(Collectors.joining(";")));
    }

    /** The expand settings, the whole taxonomy, seed and the models it runs (the crop ablation runs only OWL). */
    private static List<Object> expandSettings(UnosynthConfig config) {
        ExpandConfig expand = config.expand();
        List<String> models = expand.reference() == ExpandConfig.ReferenceKind.CROP
                ? List.of(expand.detectorModel())
                : List.of(expand.detectorModel(), expand.embedderModel(), expand.s2iModel(), "t5", "clip",
                        "vae-decoder", "vae-encoder");
        return List.of(expand, Taxonomy.load(config.taxonomy()).all(), config.run().seed(),
                models.stream().map(name -> config.models().require(name)).toList());
    }

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

    /**
     * The config hash of {@code name}'s shards: its name, its {@link Settings} and its first upstream stage's hash
     * (which covers the rest of the chain). One hash per configuration; shards of another are never mixed.
     */
    public String configHash(String name, UnosynthConfig config) {
        Stage stage = require(name);
        return configHash(name, config, stage.upstream().isEmpty() ? null
                : configHash(stage.upstream().get(0), config));
    }

    /** As above with the upstream hash given (a stage that takes it from the markers its upstream wrote). */
    public String configHash(String name, UnosynthConfig config, String upstreamHash) {
        List<Object> parts = new ArrayList<>();
        parts.add(name);
        parts.addAll(require(name).settings().of(config));
        if (upstreamHash != null) {
            parts.add(upstreamHash);
        }
        return ContentHash.of(parts.toArray());
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
