package io.unosynth.runtime;

import io.unosynth.runtime.spi.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed PyTorch fixtures, written by {@code src/test/python/make_torch_fixtures.py} (see its comment):
 * {@code tiny_mlp} x [batch, 4] -> y [batch, 3] as TorchScript and ONNX, its eager output, and {@code tiny_noise}.
 */
public final class TorchFixtures {
    private static final String ROOT = "/io/unosynth/runtime/fixtures/";

    private TorchFixtures() {}

    /** Copies a fixture into {@code dir} (models load from paths) and returns its path. */
    public static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = open(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    /** The two input rows the fixture's expected output was computed for. */
    public static Tensor tinyMlpInput() {
        return Tensor.ofFloats(new float[] {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 0.0f, 1.5f, -2.0f}, 2, 4);
    }

    /** Eager PyTorch's output for {@link #tinyMlpInput()}, row-major [2, 3]. */
    public static float[] tinyMlpExpected() {
        try (InputStream in = open("tiny_mlp_expected.txt")) {
            String[] values = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\\s+");
            float[] expected = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                expected[i] = Float.parseFloat(values[i]);
            }
            return expected;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = TorchFixtures.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("Missing test fixture " + ROOT + name + "; regenerate with make_torch_fixtures.py");
        }
        return in;
    }
}
