package io.unosynth.core.train;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The steps of a training stage, oldest first: what {@code train/stage-<n>/steps.csv} holds and the report's loss
 * curve shows. A resumed run keeps the steps up to its checkpoint and replaces the rest, so the log always describes
 * the run that the newest checkpoint continues:
 * <pre>
 *   step,loss,learning_rate,seconds
 *   1,2.373100,1.000000e-05,4.210
 * </pre>
 */
public record TrainingLog(List<TrainingStep> steps) {
    public static final String FILE_NAME = "steps.csv";
    static final String HEADER = "step,loss,learning_rate,seconds";

    public TrainingLog {
        steps = List.copyOf(steps);
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).step() <= steps.get(i - 1).step()) {
                throw new IllegalArgumentException("Invalid training log: step " + steps.get(i).step()
                        + " follows step " + steps.get(i - 1).step());
            }
        }
    }

    public static TrainingLog empty() {
        return new TrainingLog(List.of());
    }

    /** The steps up to and including {@code step}: what a run resumed from that checkpoint keeps. */
    public TrainingLog upTo(long step) {
        return new TrainingLog(steps.stream().filter(s -> s.step() <= step).toList());
    }

    public TrainingLog with(TrainingStep step) {
        List<TrainingStep> all = new ArrayList<>(steps);
        all.add(step);
        return new TrainingLog(all);
    }

    /** The mean loss of the first (or, with {@code fromEnd}, the last) {@code count} steps; NaN when empty. */
    public double meanLoss(int count, boolean fromEnd) {
        int n = Math.min(count, steps.size());
        List<TrainingStep> part = fromEnd ? steps.subList(steps.size() - n, steps.size()) : steps.subList(0, n);
        return part.stream().mapToDouble(TrainingStep::loss).average().orElse(Double.NaN);
    }

    public byte[] toCsv() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (TrainingStep step : steps) {
            out.append(String.format(Locale.ROOT, "%d,%.6f,%.6e,%.3f%n", step.step(), step.loss(),
                    step.learningRate(), step.seconds()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@link #toCsv()}'s format; errors name {@code source} and the line. */
    public static TrainingLog fromCsv(byte[] bytes, String source) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw invalid(source, 1, "expected the header '" + HEADER + "'");
        }
        List<TrainingStep> steps = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] fields = lines[i].split(",");
            if (fields.length != 4) {
                throw invalid(source, i + 1, "expected 4 fields, found " + fields.length);
            }
            try {
                steps.add(new TrainingStep(Long.parseLong(fields[0].strip()), Double.parseDouble(fields[1]),
                        Double.parseDouble(fields[2]), Double.parseDouble(fields[3])));
            } catch (IllegalArgumentException e) {
                throw invalid(source, i + 1, e.getMessage());
            }
        }
        try {
            return new TrainingLog(steps);
        } catch (IllegalArgumentException e) {
            throw invalid(source, lines.length, e.getMessage());
        }
    }

    private static ValidationException invalid(String source, int line, String reason) {
        return new ValidationException(PipelineErrorCode.INVALID_INPUT,
                "Invalid training log " + source + " line " + line + ": " + reason);
    }
}
