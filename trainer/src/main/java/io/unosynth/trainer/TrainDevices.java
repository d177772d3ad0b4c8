package io.unosynth.trainer;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The devices one training process runs its data-parallel replicas on ({@code train.devices}):
 * <ul>
 *   <li>{@code default}: one device, the engine's default (gpu0 when it sees a GPU, else the CPU);</li>
 *   <li>{@code auto}: every GPU the engine sees (the CPU when it sees none);</li>
 *   <li>a comma list such as {@code gpu0,gpu1}, or {@code cpu,cpu} (two replicas on the CPU, for tests).</li>
 * </ul>
 * The first device holds the master copy of the LoRA and the optimizer state.
 *
 * @param names the listed device names; empty for {@code default} and {@code auto}
 */
public record TrainDevices(Kind kind, List<String> names) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu\\d+");

    public static final TrainDevices DEFAULT = new TrainDevices(Kind.DEFAULT, List.of());
    public static final TrainDevices AUTO = new TrainDevices(Kind.AUTO, List.of());

    public enum Kind { DEFAULT, AUTO, LIST }

    public TrainDevices {
        requireNonNull(kind, "kind is null");
        names = List.copyOf(names);
        if ((kind == Kind.LIST) == names.isEmpty()) {
            throw new IllegalArgumentException("Invalid devices: " + kind + " with names " + names);
        }
    }

    /** @throws IllegalArgumentException when {@code value} is none of the forms above, with the rule as message */
    public static TrainDevices parse(String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        if (normalized.equals("default")) {
            return DEFAULT;
        }
        if (normalized.equals("auto")) {
            return AUTO;
        }
        List<String> names = Arrays.stream(normalized.split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(name -> !DEVICE.matcher(name).matches())) {
            throw new IllegalArgumentException(
                    "expected default, auto or a comma list of devices such as gpu0,gpu1 (or cpu,cpu)");
        }
        return new TrainDevices(Kind.LIST, names);
    }

    /** The devices on this machine, in replica order; a listed GPU the engine does not see fails naming it. */
    public List<Device> resolve(Engine engine) {
        return switch (kind) {
            case DEFAULT -> List.of(engine.defaultDevice());
            case AUTO -> List.of(engine.getDevices());
            case LIST -> names.stream().map(name -> device(name, engine)).toList();
        };
    }

    private static Device device(String name, Engine engine) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        int id = Integer.parseInt(name.substring(3));
        if (id >= engine.getGpuCount()) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid " + TrainConfig.DEVICES + ": "
                    + name + ", but the " + engine.getEngineName() + " engine sees " + engine.getGpuCount()
                    + " GPU(s)");
        }
        return Device.gpu(id);
    }

    @Override
    public String toString() {
        return kind == Kind.LIST ? String.join(",", names) : kind.name().toLowerCase(Locale.ROOT);
    }
}
