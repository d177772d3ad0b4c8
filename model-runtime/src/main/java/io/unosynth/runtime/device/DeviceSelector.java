package io.unosynth.runtime.device;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.ModelSpec.DeviceMode;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.spi.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses the device of a model from the GPU addresses the cluster manager gave the task (Spark's task resources,
 * passed in as strings). Addresses are what the cluster's GPU discovery reported: physical indices or GPU UUIDs.
 * When {@code CUDA_VISIBLE_DEVICES} is set, CUDA numbers only the listed GPUs, in list order, so an address is
 * mapped to its position in that list (address 3 with {@code CUDA_VISIBLE_DEVICES=2,3} is CUDA device 1).
 * A task given several GPUs places the model on the first.
 */
public final class DeviceSelector {
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    private final Map<String, String> environment;

    public DeviceSelector(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    public static DeviceSelector fromProcessEnvironment() {
        return new DeviceSelector(System.getenv());
    }

    /**
     * The device for {@code spec} given the task's GPU addresses; fails fast when the spec demands a GPU
     * ({@code device = cuda}) and the task has none, or when an address is not visible to this process.
     */
    public Device select(ModelSpec spec, List<String> gpuAddresses) {
        return select(spec.name(), spec.device(), gpuAddresses);
    }

    public Device select(String modelName, DeviceMode mode, List<String> gpuAddresses) {
        requireNonNull(gpuAddresses, "gpuAddresses is null");
        List<String> addresses = gpuAddresses.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        return switch (mode) {
            case CPU -> Device.cpu();
            case AUTO -> addresses.isEmpty() ? Device.cpu() : Device.cuda(ordinal(modelName, addresses.get(0)));
            case CUDA -> {
                if (addresses.isEmpty()) {
                    throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot place model '"
                            + modelName + "' on a GPU: its config says device = cuda but this task was given no "
                            + "GPU; request GPUs for the stage (spark.task.resource.gpu.amount with "
                            + "spark.executor.resource.gpu.amount) or set the model's device to auto or cpu");
                }
                yield Device.cuda(ordinal(modelName, addresses.get(0)));
            }
        };
    }

    private int ordinal(String modelName, String address) {
        String visible = environment.get(CUDA_VISIBLE_DEVICES);
        if (visible == null) {
            try {
                int ordinal = Integer.parseInt(address);
                if (ordinal >= 0) {
                    return ordinal;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot place model '" + modelName
                    + "' on GPU address '" + address + "': it is not a device index and " + CUDA_VISIBLE_DEVICES
                    + " is not set to map it");
        }
        List<String> listed = visibleDevices(visible);
        for (int i = 0; i < listed.size(); i++) {
            if (sameDevice(listed.get(i), address)) {
                return i;
            }
        }
        throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot place model '" + modelName
                + "' on GPU address '" + address + "': " + CUDA_VISIBLE_DEVICES + "='" + visible
                + "' does not make it visible to this process (visible: " + listed + ")");
    }

    /** CUDA stops reading the list at the first invalid entry (by convention -1); an empty list hides every GPU. */
    private static List<String> visibleDevices(String value) {
        List<String> listed = new ArrayList<>();
        for (String entry : value.split(",")) {
            String device = entry.strip();
            if (device.isEmpty() || device.startsWith("-")) {
                break;
            }
            listed.add(device);
        }
        return listed;
    }

    private static boolean sameDevice(String listed, String address) {
        if (listed.equals(address)) {
            return true;
        }
        try {
            return Integer.parseInt(listed) == Integer.parseInt(address);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
