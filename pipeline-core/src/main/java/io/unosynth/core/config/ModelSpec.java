package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One model a stage runs, read from the keys {@code models.<name>.*}. The location is a local path, a {@code file:}
 * URI, or a remote URI ({@code hdfs:}, {@code s3a:}) of a model file or of a directory holding the model file and its
 * ONNX external-data files; remote models are staged once per node before loading.
 *
 * @param name the configured name ({@code models.<name>.}); appears in every message about the model
 * @param backend the backend provider name ({@code onnx}, {@code djl})
 * @param checksum the expected lower-case hex SHA-256 of the model file, or for a directory of the listing
 *     {@code <sha256>  <relative path>} per file sorted by path (what {@code sha256sum} prints), hashed again;
 *     empty to skip verification
 * @param inputNames contract input name to the model's own input name, where they differ (keys {@code input.<name>})
 * @param outputNames contract output name to the model's own output name (keys {@code output.<name>}); e.g. optimum
 *     exports name the FLUX output {@code out_hidden_states}
 * @param intraOpThreads engine threads inside an operator; 0 = the engine's choice
 * @param interOpThreads engine threads across operators; 0 = the engine's choice
 * @param intraOpSpinning whether idle engine threads spin waiting for work (ONNX Runtime's
 *     {@code session.intra_op.allow_spinning}); off by default here, unlike ONNX Runtime: every stage runs its
 *     decoding or encoding threads beside the model, and spinning threads take their cores (bench/README.md)
 * @param tokenizer the tokenizer.json of a text model: a path relative to the model's directory (the location
 *     itself when it is a directory, else the directory holding the model file; staged with the model), or an
 *     absolute path or URI of its own
 */
public record ModelSpec(
        String name,
        String location,
        String backend,
        DeviceMode device,
        Precision precision,
        GpuProvider gpuProvider,
        String checksum,
        Map<String, String> inputNames,
        Map<String, String> outputNames,
        int intraOpThreads,
        int interOpThreads,
        boolean intraOpSpinning,
        String tokenizer) implements Serializable {

    public static final String LOCATION = "location";
    public static final String BACKEND = "backend";
    public static final String BACKEND_DEFAULT = "onnx";
    public static final String DEVICE = "device";
    public static final DeviceMode DEVICE_DEFAULT = DeviceMode.AUTO;
    public static final String PRECISION = "precision";
    public static final Precision PRECISION_DEFAULT = Precision.AUTO;
    public static final String GPU_PROVIDER = "gpu-provider";
    public static final GpuProvider GPU_PROVIDER_DEFAULT = GpuProvider.CUDA;
    public static final String CHECKSUM = "checksum";
    public static final String CHECKSUM_DEFAULT = "";
    public static final String INPUT_PREFIX = "input.";
    public static final String OUTPUT_PREFIX = "output.";
    public static final String INTRA_OP_THREADS = "intra-op-threads";
    public static final int INTRA_OP_THREADS_DEFAULT = 0;
    public static final String INTER_OP_THREADS = "inter-op-threads";
    public static final int INTER_OP_THREADS_DEFAULT = 0;
    public static final String INTRA_OP_SPINNING = "intra-op-spinning";
    public static final boolean INTRA_OP_SPINNING_DEFAULT = false;
    public static final String TOKENIZER = "tokenizer";
    public static final String TOKENIZER_DEFAULT = "tokenizer.json";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelSpec {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(device, "device is null");
        requireNonNull(precision, "precision is null");
        requireNonNull(gpuProvider, "gpuProvider is null");
        requireNonNull(checksum, "checksum is null");
        requireNonNull(tokenizer, "tokenizer is null");
        inputNames = Map.copyOf(inputNames);
        outputNames = Map.copyOf(outputNames);
    }

    /** Reads the keys under {@code models.<name>.}; {@code defaultLocation} empty when the location is required. */
    public static ModelSpec from(ConfigValues values, String prefix, String name, String defaultLocation) {
        return from(values, prefix, name, defaultLocation, INTRA_OP_THREADS_DEFAULT);
    }

    /** As {@link #from(ConfigValues, String, String, String)}, with this model's own intra-op default. */
    public static ModelSpec from(ConfigValues values, String prefix, String name, String defaultLocation,
            int defaultIntraOpThreads) {
        String p = prefix + name + ".";
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid model name '" + name
                    + "' in keys " + p + "*: expected lower-case letters, digits, '-' or '_'");
        }
        String location = values.string(p + LOCATION, defaultLocation).strip();
        if (location.isEmpty()) {
            throw values.invalid(p + LOCATION, "expected a path or URI of the model file or directory");
        }
        checkLocation(values, p + LOCATION, location);
        String checksum = values.string(p + CHECKSUM, CHECKSUM_DEFAULT).strip().toLowerCase(Locale.ROOT);
        if (checksum.startsWith("sha256:")) {
            checksum = checksum.substring("sha256:".length());
        }
        if (!checksum.isEmpty() && !SHA256.matcher(checksum).matches()) {
            throw values.invalid(p + CHECKSUM, "expected 64 hex digits of a SHA-256 (optionally prefixed sha256:)");
        }
        String backend = values.string(p + BACKEND, BACKEND_DEFAULT).strip();
        if (backend.isEmpty()) {
            throw values.invalid(p + BACKEND, "expected a backend name such as onnx or djl");
        }
        String tokenizer = values.string(p + TOKENIZER, TOKENIZER_DEFAULT).strip();
        if (tokenizer.isEmpty()) {
            throw values.invalid(p + TOKENIZER, "expected a tokenizer.json path, relative to the model directory or "
                    + "absolute");
        }
        return new ModelSpec(name, location, backend,
                values.enumValue(p + DEVICE, DeviceMode.class, DEVICE_DEFAULT),
                values.enumValue(p + PRECISION, Precision.class, PRECISION_DEFAULT),
                values.enumValue(p + GPU_PROVIDER, GpuProvider.class, GPU_PROVIDER_DEFAULT),
                checksum,
                nameMap(values, p + INPUT_PREFIX),
                nameMap(values, p + OUTPUT_PREFIX),
                values.intAtLeast(p + INTRA_OP_THREADS, defaultIntraOpThreads, 0),
                values.intAtLeast(p + INTER_OP_THREADS, INTER_OP_THREADS_DEFAULT, 0),
                values.bool(p + INTRA_OP_SPINNING, INTRA_OP_SPINNING_DEFAULT),
                tokenizer);
    }

    /** The model's name for the contract input {@code contractName}: mapped by config, else the same name. */
    public String inputName(String contractName) {
        return inputNames.getOrDefault(contractName, contractName);
    }

    /** The model's name for the contract output {@code contractName}: mapped by config, else the same name. */
    public String outputName(String contractName) {
        return outputNames.getOrDefault(contractName, contractName);
    }

    /** The URI scheme of a remote location ({@code hdfs}, {@code s3a}); empty for local paths and {@code file:}. */
    public Optional<String> remoteScheme() {
        return remoteScheme(location);
    }

    public static Optional<String> remoteScheme(String location) {
        int colon = location.indexOf(':');
        // One-letter "schemes" are Windows drive letters; a slash before the colon means a plain path.
        if (colon < 2 || location.substring(0, colon).contains("/")) {
            return Optional.empty();
        }
        String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("file") ? Optional.empty() : Optional.of(scheme);
    }

    private static void checkLocation(ConfigValues values, String key, String location) {
        Optional<String> scheme = remoteScheme(location);
        if (scheme.isPresent() && (scheme.get().equals("http") || scheme.get().equals("https"))) {
            throw values.invalid(key, "models are never downloaded over HTTP; copy the model to a local path, "
                    + "HDFS or S3 and point the location there");
        }
        if (location.startsWith("file:") || scheme.isPresent()) {
            try {
                new URI(location);
            } catch (URISyntaxException e) {
                throw values.invalid(key, "expected a valid URI (" + e.getReason() + ")");
            }
        }
    }

    private static Map<String, String> nameMap(ConfigValues values, String prefix) {
        Map<String, String> names = new TreeMap<>();
        for (String key : values.keysUnder(prefix)) {
            String contractName = key.substring(prefix.length());
            String modelName = values.string(key, "").strip();
            if (contractName.isEmpty() || modelName.isEmpty()) {
                throw values.invalid(key, "expected " + prefix + "<contract name> = <the model's tensor name>");
            }
            names.put(contractName, modelName);
        }
        return names;
    }

    /** Where a model may run. */
    public enum DeviceMode {
        /** A GPU when the task was given one, else the CPU. */
        AUTO,
        CPU,
        /** A GPU, or fail fast when the task was given none. */
        CUDA
    }

    /** The floating-point type a model is expected to take; {@code AUTO} accepts what the model declares. */
    public enum Precision {
        AUTO,
        FP32,
        FP16,
        BF16
    }

    /** The ONNX Runtime execution provider used on a GPU. */
    public enum GpuProvider {
        CUDA,
        TENSORRT
    }
}
