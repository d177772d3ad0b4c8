package io.unosynth.jobs.evaluate;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.build.ContentHash;
import io.unosynth.core.config.EvaluateConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.evaluate.EvaluationMetricRow;
import io.unosynth.core.evaluate.EvaluationSet;
import io.unosynth.core.evaluate.EvaluationSetDirectory;
import io.unosynth.core.evaluate.EvaluationSummary;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageResources;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.spark.UpstreamShard;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.evaluate.SubjectEvaluator;
import io.unosynth.runtime.registry.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluate stage (DreamBench protocol): one shard per subject key of the evaluation set; each generates K images
 * per prompt with the configured FLUX model (the model under test) and writes their DINO, CLIP-I and CLIP-T as
 * Parquet under {@code <out>/evaluate/}; then the driver writes {@value #SUMMARY_FILE} (per subject, per prompt,
 * mean) from every shard. GPU executors as the generate stage ({@code generate.task-gpus}).
 */
public final class EvaluateJob {
    public static final String STAGE = "evaluate";
    public static final String SUMMARY_FILE = "summary.json";

    private EvaluateJob() {}

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        EvaluateConfig evaluate = config.evaluate();
        if (evaluate.set().isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_CONFIG, "Cannot run evaluate: no evaluation set "
                    + "(set " + EvaluateConfig.SET + " to a folder per subject with " + EvaluationSet.PROMPTS_FILE
                    + ")");
        }
        EvaluationSet set = new EvaluationSetDirectory(Path.of(evaluate.set())).load();
        List<String> keys = set.subjectKeys();
        List<ShardTask<SubjectShard>> tasks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            tasks.add(new ShardTask<>(shardId(i, keys.get(i)), new SubjectShard(keys.get(i))));
        }
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config, set),
                CodeVersion.current());
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        StageSummary summary = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(EvaluationMetricColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new EvaluateWork(config, set, hadoop)).run(spark, tasks, config.run().partitions(), force,
                config.run().progressInterval(), console);
        writeSummary(storage, hadoop);
        return summary;
    }

    /** {@code s<index>-<subject key, lower-cased, other characters as '-'>}: ordered, readable, valid. */
    static ShardId shardId(int index, String subjectKey) {
        String readable = subjectKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String value = String.format("s%04d-%s", index, readable);
        return new ShardId(value.length() > 100 ? value.substring(0, 100) : value);
    }

    public static String configHash(UnosynthConfig config, EvaluationSet set) {
        EvaluateConfig evaluate = config.evaluate();
        return ContentHash.of(STAGE, evaluate, set, GenerateJob.modelIds(config, List.of(
                ModelNames.DEFAULT.flux(), ModelNames.DEFAULT.t5(), ModelNames.DEFAULT.clip(),
                ModelNames.DEFAULT.vaeDecoder(), ModelNames.DEFAULT.vaeEncoder(), evaluate.dinoModel(),
                evaluate.clipVisionModel(), evaluate.clipTextModel())));
    }

    /** Every metric row of the finished shards, in shard order. */
    public static List<EvaluationMetricRow> readRows(StageStorage storage, SerializableHadoopConf hadoop) {
        List<EvaluationMetricRow> rows = new ArrayList<>();
        for (ShardTask<UpstreamShard> shard : UpstreamShard.of(UpstreamMarkers.read(storage, STAGE))) {
            try (ParquetShardReader<EvaluationMetricRow> reader = ParquetShardReader.open(shard.input().file(),
                    hadoop.get(), EvaluationMetricColumns::fromGroup)) {
                reader.forEach(rows::add);
            }
        }
        return rows;
    }

    private static void writeSummary(StageStorage storage, SerializableHadoopConf hadoop) {
        byte[] json = EvaluationSummary.of(readRows(storage, hadoop)).toJson();
        try {
            storage.writeWhole(STAGE + "/" + SUMMARY_FILE, STAGE + "/" + ShardLayout.STAGING + "-" + SUMMARY_FILE,
                    json);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot write " + STAGE + "/"
                    + SUMMARY_FILE + " in " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    /** One shard's input: the subject key whose prompts it evaluates. */
    record SubjectShard(String subjectKey) implements Serializable {}

    /** Per partition: the model leases; per shard: one subject key's prompts. */
    private record EvaluateWork(UnosynthConfig config, EvaluationSet set, SerializableHadoopConf hadoop)
            implements StageWork<SubjectShard, EvaluationMetricRow> {
        @Override
        public StageResources resources() {
            double gpus = config.generate().taskGpus();
            return gpus > 0 ? StageResources.gpusPerTask(gpus) : StageResources.DEFAULT;
        }

        @Override
        public Session<SubjectShard, EvaluationMetricRow> open() {
            EvaluateConfig evaluate = config.evaluate();
            ModelSet models = new ModelSet(ModelLoader.create(config.models(), new HadoopRemoteFiles(hadoop),
                    config.run().seed()), ModelNames.DEFAULT.withEvaluation(evaluate.dinoModel(),
                    evaluate.clipVisionModel(), evaluate.clipTextModel()), GenerateJob.taskGpus(),
                    new BatchSize(config.generate().batchSize()));
            SubjectEvaluator evaluator = new SubjectEvaluator(models.sampler(SubjectEvaluator.samplerParams(evaluate)),
                    models.dinoV1(), models.clipVision(), models.clipTextProjected(), evaluate);
            EvaluationSetDirectory directory = new EvaluationSetDirectory(Path.of(evaluate.set()));
            return new Session<>() {
                @Override
                public io.unosynth.core.shard.ShardWork<EvaluationMetricRow> forShard(SubjectShard input) {
                    return emitter -> {
                        for (EvaluationMetricRow row : evaluator.evaluate(set.promptsOf(input.subjectKey()),
                                subject -> directory.photos(set, subject))) {
                            emitter.emit(row);
                        }
                    };
                }

                @Override
                public void close() {
                    models.close();
                }
            };
        }
    }
}
