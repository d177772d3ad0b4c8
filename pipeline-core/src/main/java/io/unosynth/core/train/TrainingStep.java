package io.unosynth.core.train;

import io.unosynth.core.error.Preconditions;

/**
 * One optimizer step of a training run as the step log records it.
 *
 * @param loss the step's mean loss (over its accumulated micro-batches)
 * @param seconds wall time since the previous step of the same run (checkpoint writes included)
 */
public record TrainingStep(long step, double loss, double learningRate, double seconds) {
    public TrainingStep {
        Preconditions.checkArgument(step > 0, "Invalid training step: %s", step);
        Preconditions.checkArgument(seconds >= 0, "Invalid step time: %s s", seconds);
    }
}
