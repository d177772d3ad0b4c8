package io.unosynth.core.coevolve;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of the co-evolution loop: a stage (or a training stage) of round {@code round}, run with the round's
 * folder as its output and the config overrides that hand it the models trained before it.
 *
 * @param name the stage's name ({@code plan} .. {@code evaluate}), or {@code train-1} / {@code train-2}
 * @param stage the stage whose folder holds its output ({@code train} for both training steps)
 * @param trainStage 1 or 2 for a training step, else 0
 * @param roundDirectory the round's folder under the loop's output, relative ({@code round-1})
 * @param overrides config overrides, sorted: {@code run.output} and the handed-over models
 */
public record CoevolutionStep(int round, String name, String stage, int trainStage, String roundDirectory,
        Map<String, String> overrides) {
    /** The folder under a round's folder where the loop records its finished steps. */
    public static final String MARKERS = "_coevolve";

    public CoevolutionStep {
        checkArgument(round >= 1, "Invalid round: %s", round);
        requireNonNull(name, "name is null");
        requireNonNull(stage, "stage is null");
        checkArgument(trainStage >= 0 && trainStage <= 2, "Invalid training stage: %s", trainStage);
        requireNonNull(roundDirectory, "roundDirectory is null");
        overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
    }

    /** {@code r1.plan}, {@code r2.train-1}: how the CLI's {@code --step} and {@code --stop-after} name it. */
    public String id() {
        return "r" + round + "." + name;
    }

    public boolean training() {
        return trainStage > 0;
    }

    /** The step's finished-marker, relative to the loop's output. */
    public String markerPath() {
        return roundDirectory + "/" + MARKERS + "/" + name + ".json";
    }

    /** Where the step writes, relative to the loop's output ({@code round-1/generate}, {@code round-1/train/stage-1}). */
    public String outputPath() {
        return roundDirectory + "/" + stage + (training() ? "/stage-" + trainStage : "");
    }
}
