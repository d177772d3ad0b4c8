package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.util.List;

/**
 * The name, element type and shape of one model input or output. A dimension of {@link #DYNAMIC} (-1) accepts any
 * size (batch, token count); every other dimension must match exactly.
 */
public record TensorSpec(String name, DataType dataType, List<Long> shape) {
    public static final long DYNAMIC = -1;

    public TensorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(dataType, "dataType is null");
        shape = List.copyOf(shape);
        Preconditions.checkArgument(!name.isEmpty(), "Invalid tensor name: empty");
        for (long dimension : shape) {
            Preconditions.checkArgument(dimension == DYNAMIC || dimension >= 0,
                    "Invalid dimension of tensor '%s': %s (expected -1 for dynamic or a size >= 0)", name, dimension);
        }
    }

    public static TensorSpec of(String name, DataType dataType, long... shape) {
        return new TensorSpec(name, dataType, Tensor.boxed(shape));
    }

    public int rank() {
        return shape.size();
    }

    /** The shape as written in messages: {@code [-1, 3, 224, 224]}. */
    public String shapeText() {
        return shape.toString();
    }

    /** Whether {@code tensor} has this spec's type, rank and every fixed dimension. */
    public boolean accepts(Tensor tensor) {
        if (tensor.dataType() != dataType || tensor.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < rank(); i++) {
            long expected = shape.get(i);
            if (expected != DYNAMIC && expected != tensor.dimension(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + ": " + dataType.displayName() + shapeText();
    }
}
