package io.unosynth.jobs.encode;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.encode.AspectBuckets;
import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.export.ExportRow;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.select.SetSelection;
import io.unosynth.core.select.Selection;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.expand.ExpandSetColumns;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.export.ExportRowColumns;
import io.unosynth.jobs.export.StageFiles;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.score.ScoreSetsJob;
import io.unosynth.jobs.spark.ClosingWork;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageResources;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.encode.EncodeShardWork;
import io.unosynth.runtime.registry.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Opt-in stage, encode: what training needs of every exported pair, so that training runs the DiT only. One shard
 * per finished export shard, same id, with that shard as provenance; the work is {@link EncodeShardWork}. Writes
 * {@code encode/part-<shard>.parquet} ({@link EncodedRowColumns}), then on the driver {@code encode/}{@link
 * EmptyPromptEmbeddings#FILE_NAME} (the empty prompt's embeddings, for text dropout), rewritten only when it changes.
 */
public final class EncodeJob {
    public static final String STAGE = "encode";
    /** The multi-subject sets of expand, encoded alike (each with its n references): Stage II's data. */
    public static final String SETS_STAGE = "encode-sets";
    static final List<String> MODELS = StageGraph.ENCODE_MODELS;

    private EncodeJob() {}

    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        ShardedStage<EncodeShardInput, EncodedRow> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(EncodedRowColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new EncodeWork(config, hadoop));
        StageSummary summary = stage.run(spark, shards(storage), config.run(), force, console);
        writeEmptyPrompt(storage, config, hadoop, console);
        return summary;
    }

    /**
     * Stage encode-sets: one shard per finished score-sets shard, same id, reading the expand shard of that id too
     * (both recorded as provenance); the sets {@link SetSelection} keeps by their verdicts are encoded as
     * {@link EncodeShardWork#ofSets} does, the others counted by reason. {@code unosynth train --stage 2} reads them
     * (the empty prompt comes from the encode stage).
     */
    public static StageSummary runSets(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(SETS_STAGE, "parquet"),
                StageGraph.UNO.configHash(SETS_STAGE, config), CodeVersion.current());
        ShardedStage<EncodeShardInput, EncodedRow> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(EncodedRowColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new EncodeWork(config, hadoop));
        UpstreamMarkers verdicts = UpstreamMarkers.read(storage, ScoreSetsJob.STAGE);
        UpstreamMarkers expanded = UpstreamMarkers.read(storage, ExpandJob.STAGE);
        List<ShardTask<EncodeShardInput>> tasks = verdicts.shards().stream().map(judged -> {
            ShardId id = new ShardId(judged.shard());
            ShardStats sets = expanded.require(id, SETS_STAGE);
            return new ShardTask<>(id, new EncodeShardInput(expanded.file(sets), verdicts.file(judged)),
                    Map.ofEntries(UpstreamMarkers.provenance(sets), UpstreamMarkers.provenance(judged)));
        }).toList();
        return stage.run(spark, tasks, config.run(), force, console);
    }

    /** One task per finished export shard, recorded as provenance. */
    static List<ShardTask<EncodeShardInput>> shards(StageStorage storage) {
        UpstreamMarkers exported = UpstreamMarkers.read(storage, ExportJob.STAGE);
        return exported.shards().stream().map(stats -> new ShardTask<>(new ShardId(stats.shard()),
                new EncodeShardInput(exported.file(stats), ""), Map.ofEntries(UpstreamMarkers.provenance(stats))))
                .toList();
    }

    /**
     * What one shard reads: an export part, or (encode-sets) an expand part and the score-sets part of its verdicts.
     *
     * @param verdictsFile empty for export parts
     */
    record EncodeShardInput(String file, String verdictsFile) implements Serializable {
        boolean sets() {
            return !verdictsFile.isEmpty();
        }
    }

    /** The empty prompt is one T5 + CLIP call: the driver makes it rather than a task. */
    private static void writeEmptyPrompt(StageStorage storage, UnosynthConfig config, SerializableHadoopConf hadoop,
            PrintStream console) {
        String path = STAGE + "/" + EmptyPromptEmbeddings.FILE_NAME;
        try (ModelSet models = models(config, hadoop, List.of())) {
            byte[] json = EncodeShardWork.emptyPrompt(models.promptEncoder()).toJson();
            boolean written = StageFiles.writeIfChanged(storage, path, json);
            storage.delete(STAGE + "/" + ShardLayout.STAGING);
            console.printf("[%s] %s (%s)%n", STAGE, EmptyPromptEmbeddings.FILE_NAME,
                    written ? "written" : "unchanged");
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot write " + storage.describe() + "/" + path + ": " + e, e);
        }
    }

    private static ModelSet models(UnosynthConfig config, SerializableHadoopConf hadoop, List<String> gpus) {
        ModelLoader loader = ModelLoader.create(config.models(), new HadoopRemoteFiles(hadoop), config.run().seed());
        return new ModelSet(loader, ModelNames.DEFAULT, gpus, BatchSize.DEFAULT);
    }

    /** Per partition: the VAE and the two text encoders. */
    private record EncodeWork(UnosynthConfig config, SerializableHadoopConf hadoop)
            implements StageWork<EncodeShardInput, EncodedRow> {
        @Override
        public StageResources resources() {
            double gpus = config.encode().taskGpus();
            return gpus > 0 ? StageResources.gpusPerTask(gpus) : StageResources.DEFAULT;
        }

        @Override
        public Session<EncodeShardInput, EncodedRow> open() {
            ModelSet models = models(config, hadoop, GenerateJob.taskGpus());
            AspectBuckets buckets = new AspectBuckets(config.encode().resolution());
            String modelIds = GenerateJob.modelIds(config, MODELS);
            return new Session<>() {
                @Override
                public ClosingWork<EncodedRow> forShard(EncodeShardInput input) throws Exception {
                    if (input.sets()) {
                        Map<String, JudgeVerdict> verdicts = new HashMap<>();
                        try (ParquetShardReader<JudgeVerdict> judged = ParquetShardReader.open(input.verdictsFile(),
                                hadoop.get(), JudgeVerdictColumns::fromGroup)) {
                            judged.forEach(verdict -> verdicts.put(verdict.pairId(), verdict));
                        }
                        SetSelection selection = new SetSelection(new Selection(config.select()));
                        ParquetShardReader<ExpandSet> expanded = ParquetShardReader.open(input.file(), hadoop.get(),
                                ExpandSetColumns::fromGroup);
                        return new ClosingWork<>(EncodeShardWork.ofSets(expanded,
                                set -> selection.rejection(set, verdicts), buckets, models.vae(),
                                models.promptEncoder(), modelIds), expanded);
                    }
                    ParquetShardReader<ExportRow> pairs = ParquetShardReader.open(input.file(), hadoop.get(),
                            ExportRowColumns::fromGroup);
                    return new ClosingWork<>(new EncodeShardWork(pairs, buckets, models.vae(),
                            models.promptEncoder(), modelIds), pairs);
                }

                @Override
                public void close() {
                    models.close();
                }
            };
        }
    }
}
