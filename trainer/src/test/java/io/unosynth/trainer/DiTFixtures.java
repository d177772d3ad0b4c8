package io.unosynth.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.unosynth.trainer.dit.DiTInput;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The committed miniature fixture written by {@code src/test/python/make_dit_fixture.py} (Debian python3-torch):
 * {@code dit_mini} base weights under FLUX names, {@code dit_mini_lora} a rank-4 LoRA under UNO's names, and
 * {@code dit_mini_io} inputs (2 samples, 8 text tokens, a 4x4 target and a 3x3 UnoPE reference) with PyTorch's
 * outputs without ({@code expected}) and with ({@code expected_lora}) the LoRA.
 */
public final class DiTFixtures {
    private DiTFixtures() {}

    public static Path path(String name) {
        try {
            return Path.of(DiTFixtures.class.getResource("/io/unosynth/trainer/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Missing fixture " + name + "; regenerate with make_dit_fixture.py", e);
        }
    }

    public static NDArray tensor(SafetensorsFile file, String name, NDManager manager) {
        try {
            return manager.create(file.readFloats(name), new Shape(file.entry(name).shape()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] floats(SafetensorsFile file, String name) {
        try {
            return file.readFloats(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's inputs as a {@link DiTInput}. */
    public static DiTInput input(SafetensorsFile io, NDManager manager) {
        return new DiTInput(tensor(io, "img", manager), floats(io, "img_ids"), tensor(io, "txt", manager),
                floats(io, "txt_ids"), tensor(io, "timesteps", manager), tensor(io, "y", manager),
                tensor(io, "guidance", manager), (int) floats(io, "target_tokens")[0]);
    }
}
