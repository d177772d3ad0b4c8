package io.unosynth.core.estimate;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seconds per sampler step of a model on a GPU type at a resolution, read from a cost table (conf/gpu-costs.properties):
 * {@code <model>.<gpu>.<width>x<height> = <seconds per step>}, one a line, {@code #} comments. A resolution the table
 * lacks is scaled from the entry of the same model and GPU with the nearest sequence length, linearly in sequence
 * length (image tokens plus the 512 T5 tokens): the transformer's linear layers, which dominate FLUX at these sizes,
 * cost in proportion to the tokens they see.
 */
public final class CostTable {
    /** T5 tokens FLUX.1-dev attends to beside the image tokens (REFERENCE.md section 2). */
    static final int TEXT_TOKENS = 512;
    private static final Pattern KEY = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.(\\d+)x(\\d+)");

    private final String source;
    private final List<Entry> entries;

    /** One measured or derived point of the table. */
    public record Entry(String model, String gpu, int width, int height, double secondsPerStep, String origin) {
        long sequenceLength() {
            return (long) (width / 16) * (height / 16) + TEXT_TOKENS;
        }
    }

    /** A lookup result: seconds per step and how it was obtained. */
    public record StepCost(double secondsPerStep, String derivation) {}

    CostTable(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    public static CostTable load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot read cost table " + file + ": no such file (pass --costs FILE)");
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot read cost table " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    static CostTable parse(String source, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String origin = source + ":" + (i + 1);
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw invalid(origin, "expected <model>.<gpu>.<width>x<height> = <seconds per step>, found '"
                        + line + "'");
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            Matcher matcher = KEY.matcher(key);
            if (!matcher.matches()) {
                throw invalid(origin, "key '" + key + "' is not <model>.<gpu>.<width>x<height>");
            }
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw invalid(origin, "'" + key + "' must be seconds per step, found '" + value + "'");
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw invalid(origin, "'" + key + "' must be > 0 seconds per step, found '" + value + "'");
            }
            int width = Integer.parseInt(matcher.group(3));
            int height = Integer.parseInt(matcher.group(4));
            if (width < 16 || height < 16) {
                throw invalid(origin, "resolution of '" + key + "' must be at least 16x16");
            }
            entries.add(new Entry(matcher.group(1), matcher.group(2), width, height, seconds, origin));
        }
        return new CostTable(source, entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Seconds per step of {@code model} on {@code gpu} at width x height; fails naming what the table has. */
    public StepCost stepCost(String model, String gpu, int width, int height) {
        String gpuKey = gpu.toLowerCase(Locale.ROOT);
        List<Entry> candidates = entries.stream()
                .filter(e -> e.model().equals(model) && e.gpu().equals(gpuKey)).toList();
        if (candidates.isEmpty()) {
            List<String> known = entries.stream().map(e -> e.model() + "/" + e.gpu()).distinct().toList();
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot estimate: cost table " + source
                    + " has no entry for model '" + model + "' on GPU '" + gpu + "'; it has " + known);
        }
        Entry target = new Entry(model, gpuKey, width, height, 0, "");
        Entry nearest = candidates.stream()
                .min(Comparator.comparingLong(e -> Math.abs(e.sequenceLength() - target.sequenceLength())))
                .orElseThrow();
        if (nearest.width() == width && nearest.height() == height) {
            return new StepCost(nearest.secondsPerStep(), "table " + nearest.origin());
        }
        double ratio = (double) target.sequenceLength() / nearest.sequenceLength();
        return new StepCost(nearest.secondsPerStep() * ratio, String.format(Locale.ROOT,
                "scaled from %dx%d (%s) by sequence length %d/%d = %.3f", nearest.width(), nearest.height(),
                nearest.origin(), target.sequenceLength(), nearest.sequenceLength(), ratio));
    }

    private static PipelineException invalid(String origin, String reason) {
        return new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid cost table entry (" + origin + "): "
                + reason);
    }
}
