package io.unosynth.bench;

import com.johnsnowlabs.nlp.ImageAssembler;
import com.johnsnowlabs.nlp.annotators.cv.ViTForImageClassification;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.runtime.demo.DinoEmbedder;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code filter} stage against Spark NLP's ONNX ViT path, side by side in one JVM on local Spark 3.5, on the
 * same images (the 512x512 PNG halves of the same pairs) and the same ViT-S/16-sized network (one ONNX file, random
 * weights: the backbone with both the DINOv2 contract's outputs and a 1000-label classifier head on the pooled CLS
 * token, so each path reads its own output of the same graph):
 * <ul>
 *   <li>(a) bare: {@code session.run} over the pairs' pre-built {@code pixel_values}, 16 images per call;</li>
 *   <li>(b) ours: {@code FilterJob.run(..., force)} over the pairs as generate shards in Parquet (decisions written
 *       through the shard protocol), embedding through the DINOv2 contract;</li>
 *   <li>(c) Spark NLP 5.5.3: {@code spark.read.format("image")} over the same PNG files, then
 *       {@code ImageAssembler -> ViTForImageClassification} (imported with {@code loadSavedModel} from the ONNX
 *       folder), forced by summing the number of class annotations per row.</li>
 * </ul>
 * (b) and (c) are timed on Spark job time (summed over each run's jobs) and on wall time. Rounds rotate the order
 * of the three; medians are printed.
 *
 * <p>Usage: {@code SparkNlpFilterBench [pairs] [shards] [rounds] [intra-op threads] [Spark NLP batch size]
 * [spinning]}; the intra-op threads go to both our model config and Spark NLP's
 * {@code spark.jsl.settings.onnx.intraOpNumThreads} (0: each its default), the batch size to
 * {@code ViTForImageClassification.setBatchSize} (0: its default), spinning ({@code true} or {@code false}, the
 * default) to our {@code models.dino.intra-op-spinning}. The bare loop makes as many model calls at once as the
 * stage does ({@code DinoPairSimilarity.defaultSettings}: one per core at one intra-op thread, else one).
 */
public final class SparkNlpFilterBench {
    private static final int LABELS = 1000;

    private SparkNlpFilterBench() {}

    public static void main(String[] args) throws Exception {
        int pairCount = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int intraOp = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        int sparkNlpBatch = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        boolean spinning = args.length <= 5 || Boolean.parseBoolean(args[5]);
        String settings = intraOp == 0
                ? "intra-op default (ours: 1 per call, a call per core; Spark NLP: 6)"
                : "intra-op " + intraOp + " on both";
        settings += sparkNlpBatch == 0 ? ", Spark NLP batch default (2)" : ", Spark NLP batch " + sparkNlpBatch;
        settings += spinning ? "" : ", ours and bare without intra-op spinning";

        Path directory = Files.createTempDirectory("unosynth-sparknlp-bench-");
        // Spark NLP's import layout: model.onnx beside assets/ with the labels and the image processor's config.
        Path modelFolder = directory.resolve("vit-s16");
        Path model = modelFolder.resolve("model.onnx");
        Files.createDirectories(modelFolder.resolve("assets"));
        DinoEmbedder.writeWithClassifier(DinoEmbedder.Params.VIT_S16, LABELS, 7, model);
        Files.writeString(modelFolder.resolve("assets/labels.json"), IntStream.range(0, LABELS)
                .mapToObj(i -> "\"label_" + i + "\": " + i).collect(Collectors.joining(", ", "{", "}")));
        // A ViT image processor's config: resize to 224x224 (bicubic), rescale to [0, 1], ImageNet mean and std.
        Files.writeString(modelFolder.resolve("assets/preprocessor_config.json"), """
                {"do_normalize": true, "do_resize": true, "do_rescale": true, "rescale_factor": 0.00392156862745098,
                 "feature_extractor_type": "ViTFeatureExtractor", "image_mean": [0.485, 0.456, 0.406],
                 "image_std": [0.229, 0.224, 0.225], "resample": 3, "size": 224}
                """, StandardCharsets.UTF_8);

        Path run = directory.resolve("run");
        Map<String, String> keys = new HashMap<>(Map.of(
                "run.output", run.toString(),
                "models.dino." + ModelSpec.LOCATION, model.toString(),
                "models.dino." + ModelSpec.INTRA_OP_SPINNING, String.valueOf(spinning),
                "models.cache-dir", directory.resolve("cache").toString(),
                // the whole band passes, so every pair is embedded and written
                "filter.low", "-1.0", "filter.high", "1.0"));
        if (intraOp > 0) {
            keys.put("models.dino." + ModelSpec.INTRA_OP_THREADS, String.valueOf(intraOp));
        }
        UnosynthConfig config = UnosynthConfig.bind(ConfigValues.of(keys));
        List<PairRow> pairs = FilterStageBench.pairs(pairCount);
        FilterSparkBench.writeGenerateShards(run, pairs, shards);
        // The very PNG bytes the stage decodes, one file per image, for Spark's image source.
        Path imageFolder = Files.createDirectories(directory.resolve("images"));
        for (PairRow pair : pairs) {
            Files.write(imageFolder.resolve(pair.pairId() + "-reference.png"), pair.referencePng());
            Files.write(imageFolder.resolve(pair.pairId() + "-target.png"), pair.targetPng());
        }
        int images = 2 * pairs.size();

        SparkSession.Builder builder = SparkSession.builder()
                .master("local[" + Runtime.getRuntime().availableProcessors() + "]")
                .appName("unosynth-sparknlp-bench")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false");
        if (intraOp > 0) {
            builder.config("spark.jsl.settings.onnx.intraOpNumThreads", String.valueOf(intraOp));
        }
        SparkSession spark = builder.getOrCreate();
        FilterSparkBench.JobTimes jobTimes = new FilterSparkBench.JobTimes();
        spark.sparkContext().addSparkListener(jobTimes);
        HadoopStageStorage storage = new HadoopStageStorage(run.toString(), spark.sparkContext().hadoopConfiguration());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ModelLoader loader = ModelLoader.create(config.models(), new LocalDirectoryFiles(directory), 7);
        try (ModelRegistry.Lease<ModelSession> lease = loader.acquire("dino", List.of(), ModelSignature.EMPTY)) {
            List<Tensor> tensors = FilterStageBench.tensors(pairs);
            int modelThreads = FilterStageBench.stageModelCalls(config.models());
            Runnable bare = FilterStageBench.bareLoop(lease.value(), tensors, modelThreads);
            System.out.printf(Locale.ROOT, "model calls at once, ours and bare: %d%n", modelThreads);
            Runnable ours = () -> {
                StageSummary summary = FilterJob.run(spark, storage, config, true, quiet);
                if (summary.rowsOut() != pairs.size()) {
                    throw new IllegalStateException("Invalid stage run: " + summary.rowsOut() + " decisions");
                }
            };
            PipelineModel sparkNlp = sparkNlpPipeline(spark, modelFolder, sparkNlpBatch, imageFolder);
            Runnable theirs = () -> {
                Row classes = sparkNlp.transform(spark.read().format("image").load(imageFolder.toString()))
                        .selectExpr("sum(size(class)) AS classes").first();
                if (classes.getLong(0) != images) {
                    throw new IllegalStateException("Invalid Spark NLP run: " + classes.get(0) + " classes");
                }
            };
            List<Runnable> paths = List.of(bare, ours, theirs);
            // Warm-up: JIT, ORT's first-run allocations, both Spark paths' model loads.
            paths.forEach(Runnable::run);

            String[] names = {"(a) bare session.run", "(b) ours: filter stage", "(c) Spark NLP ViT"};
            double[][] jobRate = new double[3][rounds];
            double[][] wallRate = new double[3][rounds];
            double[][] cpu = new double[3][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 3; k++) {
                    int path = (round + k) % 3;
                    jobTimes.reset();
                    long cpuStart = FilterStageBench.processCpuNanos();
                    long start = System.nanoTime();
                    paths.get(path).run();
                    long wall = System.nanoTime() - start;
                    cpu[path][round] = (FilterStageBench.processCpuNanos() - cpuStart) / 1e6 / images;
                    wallRate[path][round] = images / (wall / 1e9);
                    if (path == 0) {
                        jobRate[path][round] = wallRate[path][round];
                    } else {
                        // the listener bus is asynchronous: let it deliver the run's job events
                        spark.sparkContext().listenerBus().waitUntilEmpty();
                        jobRate[path][round] = images / (jobTimes.awaitTotalMillis() / 1e3);
                    }
                }
                System.out.printf(Locale.ROOT, "round %d: (a) %.1f, (b) %.1f, (c) %.1f img/s on job time; b/c %.2f, "
                        + "b/a %.2f; CPU a %.1f, b %.1f, c %.1f ms/img%n", round + 1, jobRate[0][round],
                        jobRate[1][round], jobRate[2][round], jobRate[1][round] / jobRate[2][round],
                        jobRate[1][round] / jobRate[0][round], cpu[0][round], cpu[1][round], cpu[2][round]);
            }
            System.out.printf(Locale.ROOT, "ViT-S/16 (224 px, patch 16, width 384, 12 blocks, random weights, %d-label "
                    + "head), %d pairs = %d images of 512x512 PNG, ours in %d shards, %s, %d rounds, %d cores; "
                    + "medians:%n", LABELS, pairs.size(), images, shards, settings, rounds,
                    Runtime.getRuntime().availableProcessors());
            for (int path = 0; path < 3; path++) {
                System.out.printf(Locale.ROOT, "%-26s %6.1f img/s on job time %6.1f on wall   CPU %6.1f ms/img%n",
                        names[path], FilterSparkBench.median(jobRate[path]), FilterSparkBench.median(wallRate[path]),
                        FilterSparkBench.median(cpu[path]));
            }
            System.out.printf(Locale.ROOT, "ours / Spark NLP = %.2f on job time, %.2f on wall%n",
                    medianRatio(jobRate[1], jobRate[2]), medianRatio(wallRate[1], wallRate[2]));
            System.out.printf(Locale.ROOT, "ours / bare = %.2f on job time; Spark NLP / bare = %.2f on job time%n",
                    medianRatio(jobRate[1], jobRate[0]), medianRatio(jobRate[2], jobRate[0]));
            // On cores shared with other work the rates swing between rounds; process CPU per image moves less, and
            // on busy cores a path's rate is bounded by it.
            System.out.printf(Locale.ROOT, "CPU per image, Spark NLP / ours = %.2f; ours / bare = %.2f%n",
                    medianRatio(cpu[2], cpu[1]), medianRatio(cpu[1], cpu[0]));
        } finally {
            spark.stop();
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code ImageAssembler -> ViTForImageClassification}, the model imported from its ONNX folder. */
    private static PipelineModel sparkNlpPipeline(SparkSession spark, Path modelFolder, int batchSize,
            Path imageFolder) {
        ImageAssembler assembler = new ImageAssembler();
        assembler.setInputCol("image");
        assembler.setOutputCol("image_assembler");
        ViTForImageClassification classifier = ViTForImageClassification.loadSavedModel(modelFolder.toString(),
                spark);
        classifier.setInputCols(new String[] {"image_assembler"});
        classifier.setOutputCol("class");
        if (batchSize > 0) {
            classifier.setBatchSize(batchSize);
        }
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier});
        return pipeline.fit(spark.read().format("image").load(imageFolder.toString()));
    }

    /** The median of the per-round ratios (each round's two paths ran minutes apart at most). */
    private static double medianRatio(double[] numerator, double[] denominator) {
        double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator[i] / denominator[i];
        }
        return FilterSparkBench.median(ratios);
    }
}
