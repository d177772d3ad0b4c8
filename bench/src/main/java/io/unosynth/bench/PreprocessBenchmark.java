package io.unosynth.bench;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.dino.DinoPreprocessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Milliseconds per 1024 x 1024 image, one thread: PNG decode, DINOv2 preprocessing, and both. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class PreprocessBenchmark {
    private byte[] png;
    private RgbImage decoded;
    private final float[] pixels = new float[DinoPreprocessor.IMAGE_VALUES];

    @Setup(Level.Trial)
    public void encode() {
        png = BenchImages.square(Photos.ASTRONAUT, 1024);
        decoded = ImageCodec.decode(png, "astronaut@1024.png");
    }

    @Benchmark
    public RgbImage decode1024() {
        return ImageCodec.decode(png, "astronaut@1024.png");
    }

    @Benchmark
    public float[] resizeNormalize1024() {
        DinoPreprocessor.toPixels(decoded, pixels, 0);
        return pixels;
    }

    @Benchmark
    public float[] decodeResizeNormalize1024() {
        DinoPreprocessor.toPixels(ImageCodec.decode(png, "astronaut@1024.png"), pixels, 0);
        return pixels;
    }
}
