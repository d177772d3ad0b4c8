package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.error.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inputs and outputs of a model, in the model's own order (engines that take positional arguments, such as
 * TorchScript, use this order). {@link #EMPTY} means "not declared": the engine reads it from the model file.
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public static final ModelSignature EMPTY = new ModelSignature(List.of(), List.of());

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        checkUniqueNames(inputs, "input");
        checkUniqueNames(outputs, "output");
    }

    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty();
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Checks {@code values} against the inputs before the engine sees them: every input present, no unknown name,
     * and each tensor of the declared type, rank and fixed dimensions. Failures name the model, the input, and
     * what was expected against what was found.
     */
    public void validateInputs(String modelName, Map<String, Tensor> values) {
        requireNonNull(values, "values is null");
        for (String name : values.keySet()) {
            if (input(name).isEmpty()) {
                throw invalid(modelName, "unknown input '" + name + "'; the model's inputs are " + inputNames());
            }
        }
        for (TensorSpec spec : inputs) {
            Tensor tensor = values.get(spec.name());
            if (tensor == null) {
                throw invalid(modelName, "missing input '" + spec.name() + "' (expected " + spec
                        + "); given " + values.keySet());
            }
            if (tensor.dataType() != spec.dataType()) {
                throw invalid(modelName, "input '" + spec.name() + "' has type " + tensor.dataType().displayName()
                        + ", expected " + spec.dataType().displayName());
            }
            if (tensor.rank() != spec.rank()) {
                throw invalid(modelName, "input '" + spec.name() + "' has rank " + tensor.rank() + " (shape "
                        + tensor.shapeText() + "), expected rank " + spec.rank() + " " + spec.shapeText());
            }
            if (!spec.accepts(tensor)) {
                throw invalid(modelName, "input '" + spec.name() + "' has shape " + tensor.shapeText()
                        + ", expected " + spec.shapeText() + " (-1 = any size)");
            }
        }
    }

    /**
     * Fails unless some floating-point input has the type {@code precision} names ({@code AUTO} accepts any): a config
     * that says fp16 while the file is an fp32 export points at the wrong file. Only some: half-precision FLUX exports
     * keep their position ids in float32.
     */
    public void checkPrecision(String modelName, ModelSpec.Precision precision) {
        DataType expected = switch (precision) {
            case AUTO -> null;
            case FP32 -> DataType.FLOAT32;
            case FP16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
        };
        List<TensorSpec> floating = inputs.stream().filter(s -> s.dataType().isFloatingPoint()).toList();
        if (expected == null || floating.isEmpty() || floating.stream().anyMatch(s -> s.dataType() == expected)) {
            return;
        }
        TensorSpec spec = floating.get(0);
        throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid precision of model '" + modelName
                + "': config says " + precision.name().toLowerCase(java.util.Locale.ROOT) + " but input '"
                + spec.name() + "' is " + spec.dataType().displayName()
                + "; use the matching export or precision = auto");
    }

    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }

    private static PipelineException invalid(String modelName, String reason) {
        return new PipelineException(PipelineErrorCode.INVALID_INPUT,
                "Invalid input to model '" + modelName + "': " + reason);
    }

    private static void checkUniqueNames(List<TensorSpec> specs, String kind) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec spec : specs) {
            Preconditions.checkArgument(seen.add(spec.name()), "Invalid signature: %s '%s' declared twice",
                    kind, spec.name());
        }
    }
}
