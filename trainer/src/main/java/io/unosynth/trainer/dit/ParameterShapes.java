package io.unosynth.trainer.dit;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter names and shapes collected by walking a module tree, without allocating a single weight: how the
 * FLUX.1-dev layout (11.9B parameters) is checked on a laptop, and what loaded weights are validated against.
 */
public final class ParameterShapes {
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public void add(String name, long... shape) {
        checkArgument(shapes.putIfAbsent(name, shape.clone()) == null, "Invalid module tree: '%s' declared twice",
                name);
    }

    /** A {@code nn.Linear(in, out)}: weight {@code [out, in]} and, if {@code bias}, bias {@code [out]}. */
    public void linear(String name, int in, int out, boolean bias) {
        add(name + ".weight", out, in);
        if (bias) {
            add(name + ".bias", out);
        }
    }

    /** Name to shape, in declaration order. */
    public Map<String, long[]> shapes() {
        return Collections.unmodifiableMap(shapes);
    }

    public long[] shape(String name) {
        long[] shape = shapes.get(name);
        checkArgument(shape != null, "Invalid parameter name: '%s'", name);
        return shape.clone();
    }

    public long totalParameters() {
        return shapes.values().stream().mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
    }
}
