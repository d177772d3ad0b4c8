package io.unosynth.bench;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.image.DiptychSplit;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.generate.FluxDiptychRenderer;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SampleRequest;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The generate stage's cost on the demo models at the default 1024 x 512 diptych: the sampler with 1 and with 3
 * steps (their difference / 2 is the cost of a step; the rest is text encoding, noise and the VAE decode), and the
 * work outside the model per pair (split into halves and PNG-encode both).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class GenerateBenchmark {
    private static final String PROMPT = "A diptych with two side-by-side images of same red ceramic mug. On the left, "
            + "a clear photo of the red ceramic mug on a plain background. On the right, replicate this red ceramic "
            + "mug exactly but as a photo of it on a desk beside a laptop";

    private Path directory;
    private ModelSet models;
    private FluxSampler oneStep;
    private FluxSampler threeSteps;
    private RgbImage diptych;

    @Setup(Level.Trial)
    public void load() throws IOException {
        directory = Files.createTempDirectory("unosynth-bench-generate-");
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(Map.of(
                "models.cache-dir", directory.resolve("cache").toString())));
        models = new ModelSet(ModelLoader.create(config, new LocalDirectoryFiles(directory), 1), ModelNames.DEFAULT,
                List.of(), new BatchSize(1));
        oneStep = models.sampler(params(1));
        threeSteps = models.sampler(params(3));
        diptych = render(oneStep);
    }

    @TearDown(Level.Trial)
    public void close() {
        models.close();
    }

    @Benchmark
    public RgbImage sampleOneStep() {
        return render(oneStep);
    }

    @Benchmark
    public RgbImage sampleThreeSteps() {
        return render(threeSteps);
    }

    @Benchmark
    public int splitAndEncodePngs() {
        DiptychSplit.Halves halves = new DiptychSplit(0).split(diptych);
        return ImageCodec.encodePng(halves.reference()).length + ImageCodec.encodePng(halves.target()).length;
    }

    private static SamplerParams params(int steps) {
        return FluxDiptychRenderer.samplerParams(GenerateConfig.from(ConfigValues.of(
                Map.of(GenerateConfig.STEPS, String.valueOf(steps)))));
    }

    private static RgbImage render(FluxSampler sampler) {
        return sampler.sample(List.of(SampleRequest.textOnly(PROMPT, 42, 1024, 512))).get(0);
    }
}
