package io.unosynth.bench;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.expand.Candidate;
import io.unosynth.core.expand.CropGeometry;
import io.unosynth.core.expand.DetectorQueries;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.ExpandShardWork;
import io.unosynth.core.expand.ObjectPrompt;
import io.unosynth.core.expand.SubjectRules;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.contracts.dino.DinoPairSimilarity;
import io.unosynth.runtime.expand.OwlSubjectDetector;
import io.unosynth.runtime.expand.S2iRegenerator;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The expand stage's cost per set on the demo models against the bare model calls that set makes: one selected pair
 * (a 256 px photo target) through {@link ExpandShardWork} with N = 2 (decode, queries, detection, rules, crop, S2I
 * regeneration at 256 px with 4 steps, DINOv2 check, PNG encodes, image writes to memory), versus the same detector,
 * sampler and embedder calls on prepared inputs. Their ratio is the stage's overhead outside the models.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ExpandBenchmark {
    private Path directory;
    private ModelSet models;
    private ExpandConfig config;
    private PairRow pair;
    private DetectorQueries queries;
    private ExpandShardWork.Models seams;
    private OwlSubjectDetector detector;
    private S2iRegenerator regenerator;
    private DinoPairSimilarity similarity;
    private RgbImage target;
    private List<String> asked;
    private RgbImage crop;

    @Setup(Level.Trial)
    public void load() throws IOException {
        directory = Files.createTempDirectory("unosynth-bench-expand-");
        ModelsConfig modelsConfig = ModelsConfig.from(ConfigValues.of(Map.of(
                "models.cache-dir", directory.resolve("cache").toString())));
        models = new ModelSet(ModelLoader.create(modelsConfig, new LocalDirectoryFiles(directory), 1),
                ModelNames.DEFAULT.withFlux("s2i"), List.of(), new BatchSize(1));
        // The demo detector's random scores: thresholds low enough that a set is made.
        config = ExpandConfig.from(ConfigValues.of(Map.of("expand.size", "256", "expand.steps", "4",
                "expand.min-score", "0", "expand.min-area-fraction", "0", "expand.similarity-low", "-1",
                "expand.similarity-high", "1")));
        detector = new OwlSubjectDetector(models.owl(), "owl");
        regenerator = new S2iRegenerator(models.sampler(S2iRegenerator.samplerParams(config)), ObjectPrompt.load(""),
                config.size(), "s2i");
        similarity = new DinoPairSimilarity(models.dino(), "dino", DinoPairSimilarity.defaultSettings(
                modelsConfig.require("dino"), List.of(), Runtime.getRuntime().availableProcessors()));
        seams = new ExpandShardWork.Models(detector, Optional.of(regenerator), Optional.of(similarity));
        queries = new DetectorQueries(Taxonomy.objects365(), config.vocabulary());
        pair = new PairRow("bench-pair", "bench-pair", 11, "Cup", "a white ceramic coffee cup",
                "a photo of it on a table next to a book and a laptop", "prompt", 1, 25, 4.0, "flux", "models",
                Photos.png(Photos.COFFEE), 256, 256, Photos.png(Photos.ASTRONAUT), 256, 256);
        target = ImageCodec.decode(pair.targetPng(), "target");
        DetectorQueries.Queries forPair = queries.forPair(pair.categoryId(), pair.category(),
                pair.scene() + " " + pair.prompt());
        asked = forPair.all();
        SubjectRules.Choice choice = new SubjectRules(config).choose(detector.detect(target, asked,
                config.minScore()), forPair.subjectLabels(), target.width(), target.height());
        Candidate chosen = choice.chosen().get(0);
        crop = new CropGeometry(config.cropMargin(), config.minCropSide()).around(chosen.box(), target.width(),
                target.height()).apply(target);
    }

    @TearDown(Level.Trial)
    public void close() {
        models.close();
    }

    /** One set through the stage's shard work (N = 2). */
    @Benchmark
    public int expandOneSet() throws IOException {
        int[] sets = new int[1];
        new ExpandShardWork(List.of(pair), Set.of(pair.pairId()), config, queries, seams, 7L,
                path -> new ByteArrayOutputStream()).run(new ShardEmitter<ExpandSet>() {
                    @Override
                    public void emit(ExpandSet row) {
                        sets[0]++;
                    }

                    @Override
                    public void countInput(long inputs) {}

                    @Override
                    public void countFailure(String reason) {
                        throw new IllegalStateException("No set: " + reason);
                    }

                    @Override
                    public void markRetryable() {}

                    @Override
                    public void useModel(String modelId) {}
                });
        return sets[0];
    }

    /** The model calls that set makes, on prepared inputs: detect, regenerate (sampler), embed both. */
    @Benchmark
    public double bareModelCalls() {
        int detections = detector.detect(target, asked, config.minScore()).size();
        RgbImage regenerated = regenerator.regenerate(crop, "book", 7L);
        return similarity.cosine(crop, regenerated) + detections;
    }
}
