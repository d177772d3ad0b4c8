package io.unosynth.bench;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoPreprocessor;
import io.unosynth.runtime.demo.DinoEmbedder.Params;
import io.unosynth.runtime.pipeline.EncodedImage;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One random-weight DINOv2-contract embedder, written from a seed to a temp directory and loaded through the
 * runtime ({@link ModelLoader}, the JVM's registry), plus the workload as PNG bytes and as pre-built input tensors.
 */
@State(Scope.Benchmark)
public class ModelState {
    static final String NAME = "dino";
    static final long SEED = 7;

    /** {@code demo}: the demo bundle's embedder; {@code vit-s14}: ViT-S/14-sized (12 layers, width 384). */
    @Param({"demo", "vit-s14"})
    public String model;

    @Param({"8"})
    public int batch;

    /** ONNX Runtime intra-op threads ({@code models.dino.intra-op-threads}); 0 = the engine's default. */
    @Param({"1", "2"})
    public int intraOpThreads;

    Path directory;
    ModelRegistry.Lease<ModelSession> lease;
    DinoEmbedder embedder;
    List<EncodedImage> images;
    /** The workload preprocessed and stacked: {@code pixel_values [batch, 3, 224, 224]} per batch. */
    List<Tensor> tensors;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Params params = switch (model) {
            case "demo" -> Params.DEMO;
            case "vit-s14" -> Params.VIT_S14;
            default -> throw new IllegalArgumentException("Invalid model: " + model + " (demo or vit-s14)");
        };
        directory = Files.createTempDirectory("unosynth-bench-");
        Path file = directory.resolve("model.onnx");
        io.unosynth.runtime.demo.DinoEmbedder.write(params, SEED, file);
        ModelsConfig config = ModelsConfig.from(ConfigValues.of(Map.of(
                "models." + NAME + "." + ModelSpec.LOCATION, file.toString(),
                "models." + NAME + "." + ModelSpec.INTRA_OP_THREADS, String.valueOf(intraOpThreads),
                "models.cache-dir", directory.resolve("cache").toString())));
        ModelLoader loader = ModelLoader.create(config, new LocalDirectoryFiles(directory), SEED);
        lease = loader.acquire(NAME, List.of(), ModelSignature.EMPTY);
        embedder = new DinoEmbedder(new ContractSession(lease.value(), loader.spec(NAME)), new BatchSize(batch));
        images = BenchImages.workload();
        tensors = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batch) {
            int count = Math.min(batch, images.size() - start);
            float[] pixels = new float[count * DinoPreprocessor.IMAGE_VALUES];
            for (int i = 0; i < count; i++) {
                EncodedImage image = images.get(start + i);
                DinoPreprocessor.toPixels(ImageCodec.decode(image.bytes(), image.name()), pixels,
                        i * DinoPreprocessor.IMAGE_VALUES);
            }
            tensors.add(Tensor.ofFloats(pixels, count, 3, DinoPreprocessor.CROP_SIZE, DinoPreprocessor.CROP_SIZE));
        }
    }

    ModelSession session() {
        return lease.value();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        lease.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
