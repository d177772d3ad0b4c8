package io.unosynth.core.coevolve;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of {@code unosynth coevolve --rounds K}, in order, and the models each is handed. Per round, under
 * {@code <out>/round-<r>/}: plan -> generate -> filter -> score -> select -> export -> encode -> train Stage I ->
 * expand (its subject-to-image model is the Stage I model) -> judge every reference of the multi-subject sets
 * (score-sets) -> encode the sets the verdicts select -> train Stage II (from
 * the Stage I LoRA) -> evaluate (the Stage II model). Round r + 1 generates with round r's Stage II model.
 *
 * <p>Every step of a round up to Stage II gets the round's generator override, not only generate: the later stages'
 * config hashes cover generate's settings (its models included), so they must see the model generate ran with.
 *
 * @param output the loop's output root (a local path or Hadoop URI)
 * @param generatorModel the {@code models.<name>} generate renders with ({@code flux})
 * @param s2iModel the {@code models.<name>} expand regenerates references with ({@code expand.s2i-model})
 * @param evaluatedModel the {@code models.<name>} evaluate measures ({@code flux})
 */
public record CoevolutionPlan(String output, int rounds, CoevolveConfig config, String generatorModel,
        String s2iModel, String evaluatedModel) {
    /** The data stages before Stage I training, as {@code unosynth run --encode} chains them. */
    public static final List<String> DATA_STAGES = List.of("plan", "generate", "filter", "score", "select", "export",
            "encode");
    public static final String EXPAND = "expand";
    public static final String SCORE_SETS = "score-sets";
    public static final String ENCODE_SETS = "encode-sets";
    public static final String EVALUATE = "evaluate";
    public static final String TRAIN = "train";
    public static final String RUN_OUTPUT = "run.output";

    public CoevolutionPlan {
        requireNonNull(output, "output is null");
        checkArgument(rounds >= 1, "Invalid --rounds %s: at least 1", rounds);
        requireNonNull(config, "config is null");
        requireNonNull(generatorModel, "generatorModel is null");
        requireNonNull(s2iModel, "s2iModel is null");
        requireNonNull(evaluatedModel, "evaluatedModel is null");
        output = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    }

    public static String roundDirectory(int round) {
        return "round-" + round;
    }

    public static String trainName(int stage) {
        return TRAIN + "-" + stage;
    }

    /** The servable model {@code unosynth train} writes for a training stage of a round, as a location. */
    public String model(int round, int trainStage) {
        return output + "/" + roundDirectory(round) + "/" + TRAIN + "/stage-" + trainStage + "/"
                + config.modelDirectory();
    }

    public List<CoevolutionStep> steps() {
        List<CoevolutionStep> steps = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, String> roundModels = new LinkedHashMap<>();
            roundModels.put(RUN_OUTPUT, output + "/" + roundDirectory(round));
            if (round > 1) {
                roundModels.putAll(handoff(generatorModel, model(round - 1, 2)));
            }
            for (String stage : DATA_STAGES) {
                steps.add(step(round, stage, stage, 0, roundModels));
            }
            steps.add(step(round, trainName(1), TRAIN, 1, roundModels));
            Map<String, String> withStageOne = new LinkedHashMap<>(roundModels);
            withStageOne.putAll(handoff(s2iModel, model(round, 1)));
            steps.add(step(round, EXPAND, EXPAND, 0, withStageOne));
            steps.add(step(round, SCORE_SETS, SCORE_SETS, 0, withStageOne));
            steps.add(step(round, ENCODE_SETS, ENCODE_SETS, 0, withStageOne));
            steps.add(step(round, trainName(2), TRAIN, 2, withStageOne));
            Map<String, String> evaluated = new LinkedHashMap<>(roundModels);
            evaluated.putAll(handoff(evaluatedModel, model(round, 2)));
            steps.add(step(round, EVALUATE, EVALUATE, 0, evaluated));
        }
        return List.copyOf(steps);
    }

    /** The step named {@code id} ({@code r1.train-1}). */
    public Optional<CoevolutionStep> find(String id) {
        return steps().stream().filter(step -> step.id().equals(id)).findFirst();
    }

    public CoevolutionStep require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("Invalid step '" + id + "': the steps are "
                + steps().stream().map(CoevolutionStep::id).toList()));
    }

    /** The overrides that make {@code name} load the model at {@code location}; none without handoff. */
    private Map<String, String> handoff(String name, String location) {
        if (!config.handoff()) {
            return Map.of();
        }
        return Map.of("models." + name + ".backend", config.modelBackend(), "models." + name + ".location",
                location);
    }

    private static CoevolutionStep step(int round, String name, String stage, int trainStage,
            Map<String, String> overrides) {
        return new CoevolutionStep(round, name, stage, trainStage, roundDirectory(round), overrides);
    }
}
