package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a contract passes and reads, in contract names and in the positional order of the public exports (REFERENCE.md
 * section 4). Mapped to a model's own names and activation type with its spec, it is the signature declared when
 * the model is loaded, so engines without metadata (TorchScript through DJL) can run it positionally; ONNX reads
 * its own from the file. A positional export has every slot: the optional ones of ONNX exports (FLUX's guidance,
 * DINOv2's pooler) are declared too.
 */
public record ContractSignature(List<Slot> inputs, List<Slot> outputs) {
    /** How a slot's element type is chosen. */
    public enum Kind {
        /** Floating point in the model's precision (float32 unless the spec says fp16 or bf16). */
        ACTIVATION,
        /** Always float32 (FLUX's position ids). */
        FLOAT32,
        /** Always int64 (token ids, masks). */
        INT64
    }

    /** One tensor, {@link TensorSpec#DYNAMIC} for any size. */
    public record Slot(String name, Kind kind, List<Long> shape) {
        public Slot {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            shape = List.copyOf(shape);
        }
    }

    public ContractSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The signature in {@code spec}'s tensor names and activation type. */
    public ModelSignature toModel(ModelSpec spec) {
        DataType activation = switch (spec.precision()) {
            case AUTO, FP32 -> DataType.FLOAT32;
            case FP16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
        };
        List<TensorSpec> in = new ArrayList<>();
        for (Slot slot : inputs) {
            in.add(spec(spec.inputName(slot.name()), slot, activation));
        }
        List<TensorSpec> out = new ArrayList<>();
        for (Slot slot : outputs) {
            out.add(spec(spec.outputName(slot.name()), slot, activation));
        }
        return new ModelSignature(in, out);
    }

    private static TensorSpec spec(String name, Slot slot, DataType activation) {
        DataType type = switch (slot.kind()) {
            case ACTIVATION -> activation;
            case FLOAT32 -> DataType.FLOAT32;
            case INT64 -> DataType.INT64;
        };
        return new TensorSpec(name, type, slot.shape());
    }

    /** Slots in positional order; shapes use {@link TensorSpec#DYNAMIC} for any size. */
    public static final class Builder {
        private final List<Slot> inputs = new ArrayList<>();
        private final List<Slot> outputs = new ArrayList<>();

        private Builder() {}

        public Builder input(String name, Kind kind, long... shape) {
            inputs.add(new Slot(name, kind, boxed(shape)));
            return this;
        }

        public Builder output(String name, Kind kind, long... shape) {
            outputs.add(new Slot(name, kind, boxed(shape)));
            return this;
        }

        public ContractSignature build() {
            return new ContractSignature(inputs, outputs);
        }

        private static List<Long> boxed(long... shape) {
            return java.util.Arrays.stream(shape).boxed().toList();
        }
    }
}
