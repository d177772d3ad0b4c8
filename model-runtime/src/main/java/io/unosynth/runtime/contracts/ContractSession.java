package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model session seen through its contract: contract tensor names (REFERENCE.md section 4) are translated to the
 * model's own names with the spec's {@code input.<name>}/{@code output.<name>} maps. Contracts check the inputs and
 * outputs they need once, when they are built, so a wrong mapping or export fails before the first batch, naming the
 * model, the contract name and the config key to set.
 */
public final class ContractSession {
    private final ModelSession session;
    private final ModelSpec spec;

    public ContractSession(ModelSession session, ModelSpec spec) {
        this.session = requireNonNull(session, "session is null");
        this.spec = requireNonNull(spec, "spec is null");
    }

    public String modelName() {
        return spec.name();
    }

    /**
     * The model's spec of contract input {@code contractName}, which must exist with one of {@code allowed} types.
     */
    public TensorSpec requireInput(String contractName, DataType... allowed) {
        String modelName = spec.inputName(contractName);
        TensorSpec found = session.inputs().stream().filter(s -> s.name().equals(modelName)).findFirst()
                .orElseThrow(() -> invalid("input", contractName, modelName, session.signature().inputNames(),
                        ModelSpec.INPUT_PREFIX));
        checkType("input", contractName, found, allowed);
        return found;
    }

    /** The model's spec of contract output {@code contractName}, which must exist with one of {@code allowed} types. */
    public TensorSpec requireOutput(String contractName, DataType... allowed) {
        TensorSpec found = output(contractName).orElseThrow(() -> invalid("output", contractName,
                spec.outputName(contractName), session.signature().outputNames(), ModelSpec.OUTPUT_PREFIX));
        checkType("output", contractName, found, allowed);
        return found;
    }

    /** Contract output {@code contractName}, if the model has it (optional outputs such as DINOv2's pooler). */
    public Optional<TensorSpec> output(String contractName) {
        String modelName = spec.outputName(contractName);
        return session.outputs().stream().filter(s -> s.name().equals(modelName)).findFirst();
    }

    /**
     * A floating-point input in the type the model declares: float32 as is, float16/bfloat16 rounded (exports of
     * large models take half-precision activations).
     */
    public Tensor floats(String contractName, float[] values, long... shape) {
        return FloatTensors.of(floatInputType(contractName), values, shape);
    }

    /** The type of floating-point input {@code contractName}; fails for a missing or non-float input. */
    public DataType floatInputType(String contractName) {
        return requireInput(contractName, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16).dataType();
    }

    /** Whether the model has contract input {@code contractName} (optional inputs such as FLUX's guidance). */
    public boolean hasInput(String contractName) {
        String modelName = spec.inputName(contractName);
        return session.inputs().stream().anyMatch(s -> s.name().equals(modelName));
    }

    /**
     * Runs the model on contract-named inputs and returns the contract-named outputs asked for. Input checks (names,
     * shapes, types) happen in the session and name the model and input.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, List<String> outputs) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        inputs.forEach((name, tensor) -> named.put(spec.inputName(name), tensor));
        Map<String, Tensor> results = session.run(named);
        Map<String, Tensor> byContract = new LinkedHashMap<>();
        for (String contractName : outputs) {
            Tensor tensor = results.get(spec.outputName(contractName));
            if (tensor == null) {
                throw invalid("output", contractName, spec.outputName(contractName), List.copyOf(results.keySet()),
                        ModelSpec.OUTPUT_PREFIX);
            }
            byContract.put(contractName, tensor);
        }
        return byContract;
    }

    /** Fails unless {@code tensor} has the {@code expected} shape; for outputs whose layout a contract relies on. */
    public void checkShape(String outputName, Tensor tensor, long... expected) {
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid output '" + outputName
                    + "' of model '" + modelName() + "': shape " + tensor.shapeText() + ", expected "
                    + Arrays.toString(expected));
        }
    }

    private void checkType(String kind, String contractName, TensorSpec found, DataType... allowed) {
        if (allowed.length > 0 && !Arrays.asList(allowed).contains(found.dataType())) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid model '" + modelName() + "': "
                    + kind + " '" + contractName + "'" + (found.name().equals(contractName) ? ""
                    : " (the model's '" + found.name() + "')") + " has type " + found.dataType().displayName()
                    + ", expected " + Arrays.stream(allowed).map(DataType::displayName).toList());
        }
    }

    private PipelineException invalid(String kind, String contractName, String modelName, List<String> available,
            String keyPrefix) {
        return new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid model '" + modelName() + "': no "
                + kind + " '" + modelName + "' for the contract " + kind + " '" + contractName + "'; the model's "
                + kind + "s are " + available + " (map it with models." + modelName() + "." + keyPrefix
                + contractName + ")");
    }
}
