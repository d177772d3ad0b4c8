package io.unosynth.trainer.train;

import java.time.Duration;
import java.util.Locale;

/**
 * The live line of a training run, e.g. {@code [train] step 120/5000 (2.4%) | loss 0.4213 | lr 1.0e-05 |
 * 0.52 steps/s | ETA 2h36m}. Rate and ETA count only the steps of this run, not those a resume skipped.
 */
public record TrainingProgressLine(long step, long maxSteps, long firstStepOfRun, float loss, double learningRate,
        Duration elapsed) {
    public String render() {
        long stepsThisRun = step - firstStepOfRun;
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double rate = stepsThisRun / seconds;
        String eta = stepsThisRun == 0 ? "?" : duration((long) ((maxSteps - step) / rate));
        return String.format(Locale.ROOT, "[train] step %d/%d (%.1f%%) | loss %.4f | lr %.1e | %.2f steps/s | ETA %s",
                step, maxSteps, 100.0 * step / maxSteps, loss, learningRate, rate, eta);
    }

    private static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
