package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test fake in front of a real session that looks like another export of it: inputs and outputs renamed
 * (model name -> the name the fake declares) and some inputs declared with another type. Calls are validated
 * against the declared signature, converted back and run on the real model; the types seen are recorded.
 */
public final class RetypedSession implements ModelSession {
    private final ModelSession real;
    private final Map<String, String> renamed;
    private final Map<String, DataType> retyped;
    private final ModelSignature signature;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * @param renamed real tensor name -> declared name
     * @param retyped declared input name -> declared type
     */
    public RetypedSession(ModelSession real, Map<String, String> renamed, Map<String, DataType> retyped) {
        this.real = requireNonNull(real, "real is null");
        this.renamed = Map.copyOf(renamed);
        this.retyped = Map.copyOf(retyped);
        List<TensorSpec> inputs = new ArrayList<>();
        for (TensorSpec spec : real.inputs()) {
            String name = this.renamed.getOrDefault(spec.name(), spec.name());
            inputs.add(new TensorSpec(name, this.retyped.getOrDefault(name, spec.dataType()), spec.shape()));
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (TensorSpec spec : real.outputs()) {
            outputs.add(new TensorSpec(this.renamed.getOrDefault(spec.name(), spec.name()), spec.dataType(),
                    spec.shape()));
        }
        this.signature = new ModelSignature(inputs, outputs);
    }

    /** Declared input name and type of every tensor received, e.g. {@code timestep:bfloat16}. */
    public Set<String> seen() {
        return Set.copyOf(seen);
    }

    @Override
    public String modelName() {
        return real.modelName();
    }

    @Override
    public Device device() {
        return real.device();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        signature.validateInputs(modelName(), inputs);
        Map<String, String> back = new HashMap<>();
        renamed.forEach((realName, declared) -> back.put(declared, realName));
        Map<String, Tensor> realInputs = new LinkedHashMap<>();
        inputs.forEach((name, tensor) -> {
            seen.add(name + ":" + tensor.dataType().displayName());
            Tensor converted = tensor.dataType() == DataType.FLOAT16 || tensor.dataType() == DataType.BFLOAT16
                    ? Tensor.ofFloats(tensor.toFloatArray(), tensor.shape())
                    : tensor;
            realInputs.put(back.getOrDefault(name, name), converted);
        });
        Map<String, Tensor> out = new LinkedHashMap<>();
        real.run(realInputs).forEach((name, tensor) -> out.put(renamed.getOrDefault(name, name), tensor));
        return out;
    }

    @Override
    public void close() {
        // the real session belongs to its lease
    }
}
