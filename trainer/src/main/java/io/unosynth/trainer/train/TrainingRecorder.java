package io.unosynth.trainer.train;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.train.TrainingLog;
import io.unosynth.core.train.TrainingStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a training run tells the user while it runs and keeps afterwards: the live progress line of every step, and
 * the step log ({@link TrainingLog}, loss and wall time per step) in the checkpoint store's
 * {@value TrainingLog#FILE_NAME}, rewritten at every checkpoint step and at the last step. A resumed run starts from
 * the log's steps up to its checkpoint, so steps redone after a kill appear once.
 */
public final class TrainingRecorder implements FlowMatchingTrainer.StepListener {
    private final CheckpointStore store;
    private final long maxSteps;
    private final long checkpointSteps;
    private final long firstStep;
    private final Consumer<String> console;
    private final LongSupplier nanoClock;
    private final long start;
    private long previous;
    private TrainingLog log;

    private TrainingRecorder(CheckpointStore store, TrainingLog kept, long maxSteps, long checkpointSteps,
            long firstStep, Consumer<String> console, LongSupplier nanoClock) {
        this.store = requireNonNull(store, "store is null");
        this.log = requireNonNull(kept, "kept is null");
        this.maxSteps = maxSteps;
        this.checkpointSteps = checkpointSteps;
        this.firstStep = firstStep;
        this.console = requireNonNull(console, "console is null");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
        this.start = nanoClock.getAsLong();
        this.previous = start;
    }

    /**
     * A recorder for a run starting after {@code firstStep} (0, or the checkpoint it resumed from); reads the
     * store's step log, if any, keeping its steps up to {@code firstStep}.
     */
    public static TrainingRecorder open(CheckpointStore store, long maxSteps, long checkpointSteps, long firstStep,
            Consumer<String> console, LongSupplier nanoClock) throws IOException {
        TrainingLog kept = TrainingLog.empty();
        if (store.exists(TrainingLog.FILE_NAME)) {
            try (InputStream in = store.open(TrainingLog.FILE_NAME)) {
                kept = TrainingLog.fromCsv(in.readAllBytes(), TrainingLog.FILE_NAME).upTo(firstStep);
            }
        }
        return new TrainingRecorder(store, kept, maxSteps, checkpointSteps, firstStep, console, nanoClock);
    }

    @Override
    public void onStep(long step, float loss, double learningRate) {
        long now = nanoClock.getAsLong();
        log = log.with(new TrainingStep(step, loss, learningRate, (now - previous) / 1e9));
        previous = now;
        console.accept(new TrainingProgressLine(step, maxSteps, firstStep, loss, learningRate,
                Duration.ofNanos(now - start)).render());
        if (step % checkpointSteps == 0 || step == maxSteps) {
            try (OutputStream out = store.create(TrainingLog.FILE_NAME)) {
                out.write(log.toCsv());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the step log " + TrainingLog.FILE_NAME, e);
            }
        }
    }

    public TrainingLog log() {
        return log;
    }
}
