package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.nio.file.Path;

/**
 * What a backend loads: a model file (or a directory holding one, with its external-data files) on local disk,
 * for one device with one set of options. Equal requests denote the same session, so the record is the
 * registry key together with the backend name.
 *
 * @param modelName the configured name, used in every message about this model
 * @param path a local model file, or a directory the backend searches for its model file
 * @param declared the signature the caller expects; engines without metadata (TorchScript) require it
 */
public record ModelLoadRequest(
        String modelName,
        Path path,
        Device device,
        SessionOptions options,
        ModelSignature declared) {

    public ModelLoadRequest {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(path, "path is null");
        requireNonNull(device, "device is null");
        requireNonNull(options, "options is null");
        requireNonNull(declared, "declared is null");
        Preconditions.checkArgument(!modelName.isEmpty(), "Invalid model name: empty");
    }

    public static ModelLoadRequest onCpu(String modelName, Path path) {
        return new ModelLoadRequest(modelName, path, Device.cpu(), SessionOptions.defaults(), ModelSignature.EMPTY);
    }

    public ModelLoadRequest withDeclared(ModelSignature signature) {
        return new ModelLoadRequest(modelName, path, device, options, signature);
    }

    public ModelLoadRequest withOptions(SessionOptions newOptions) {
        return new ModelLoadRequest(modelName, path, device, newOptions, declared);
    }

    public ModelLoadRequest withDevice(Device newDevice) {
        return new ModelLoadRequest(modelName, path, newDevice, options, declared);
    }
}
