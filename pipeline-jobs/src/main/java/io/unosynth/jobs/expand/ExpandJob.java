package io.unosynth.jobs.expand;

import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.UpstreamMarkers;
import static org.apache.spark.sql.functions.col;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.config.ExpandConfig.ReferenceKind;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.expand.DetectorQueries;
import io.unosynth.core.expand.ExpandFunnel;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.ExpandShardWork;
import io.unosynth.core.expand.MultiSubjectExport;
import io.unosynth.core.expand.ObjectPrompt;
import io.unosynth.core.expand.ReferenceRegenerator;
import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.select.SelectionRow;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.export.StageFiles;
import io.unosynth.jobs.export.StorageExportSink;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.select.SelectJob;
import io.unosynth.jobs.select.SelectionRowColumns;
import io.unosynth.jobs.spark.ClosingWork;
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
import io.unosynth.runtime.contracts.dino.DinoPairSimilarity;
import io.unosynth.runtime.expand.OwlSubjectDetector;
import io.unosynth.runtime.expand.S2iRegenerator;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 7 (opt-in), expand: multi-subject sets (UNO Stage II data) from the selected pairs. One shard per finished
 * select shard, same id, reading that select shard and the generate shard of the same id; the work is
 * {@link ExpandShardWork}. Writes {@code expand/part-<shard>.parquet} (the Parquet training set, all images inside),
 * {@code expand/images/}, then on the driver {@code expand/uno_train_n<N>.json} per reference count and
 * {@code expand/uno_1m_multi.jsonl}, sorted by set id, each rewritten only when its content changes.
 */
public final class ExpandJob {
    public static final String STAGE = "expand";

    private ExpandJob() {}

    /** The models a config makes the stage use: detector always; with {@code regenerate}, embedder and sampler. */
    /** Declared with the stage in {@link StageGraph#UNO}. */
    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        ObjectPrompt.load(config.expand().promptTemplateFile());
        List<ShardTask<ExpandShardInput>> tasks = shards(storage);
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        ShardedStage<ExpandShardInput, ExpandSet> stage = new ShardedStage<>(protocol, storage,
                // PNGs are compressed already.
                new ParquetRowFormat<>(ExpandSetColumns.COLUMNS, CompressionCodecName.UNCOMPRESSED),
                new ExpandWork(config, storage, new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        StageSummary summary = stage.run(spark, tasks, config.run(), force, console);
        Map<Integer, Long> setsByN = writeTrainingFiles(spark, storage, tasks.stream().map(ShardTask::id).toList(),
                console);
        console.printf("[%s] funnel: %s%n", STAGE, ExpandFunnel.of(summary.rowsIn(), summary.failures(), setsByN)
                .render());
        return summary;
    }

    /** One task per finished select shard, with the generate shard of the same id; both recorded as provenance. */
    static List<ShardTask<ExpandShardInput>> shards(StageStorage storage) {
        UpstreamMarkers selections = UpstreamMarkers.read(storage, SelectJob.STAGE);
        UpstreamMarkers pairs = UpstreamMarkers.read(storage, GenerateJob.STAGE);
        return selections.shards().stream().map(selected -> {
            ShardId id = new ShardId(selected.shard());
            ShardStats generated = pairs.require(id, STAGE);
            return new ShardTask<>(id, new ExpandShardInput(selections.file(selected), pairs.file(generated)),
                    Map.ofEntries(UpstreamMarkers.provenance(selected), UpstreamMarkers.provenance(generated)));
        }).toList();
    }

    /** Writes the training files; returns the number of sets by N. */
    static Map<Integer, Long> writeTrainingFiles(SparkSession spark, StageStorage storage, List<ShardId> shards,
            PrintStream console) {
        Set<String> wanted = new HashSet<>();
        shards.forEach(id -> wanted.add(id.value()));
        String[] parts = StageFiles.dataFiles(storage, STAGE, wanted::contains);
        if (parts.length == 0) {
            return Map.of();
        }
        Column[] text = ExpandSetColumns.TEXT.stream().map(name -> col(name)).toArray(Column[]::new);
        List<MultiSubjectExport.Entry> entries = spark.read().parquet(parts).select(text).orderBy("set_id")
                .collectAsList().stream().map(ExpandSetColumns::entryFromRow).toList();
        try {
            Map<String, byte[]> training = MultiSubjectExport.trainingFiles(entries);
            for (Map.Entry<String, byte[]> file : training.entrySet()) {
                publish(storage, console, file.getKey(), file.getValue());
            }
            // A count no set has any more (e.g. after shards were redone) must not keep an old file.
            for (int n = 2; n <= ExpandConfig.MAX_REFERENCES; n++) {
                String name = MultiSubjectExport.trainingFileName(n);
                if (!training.containsKey(name) && storage.exists(STAGE + "/" + name)) {
                    storage.delete(STAGE + "/" + name);
                    console.printf("[%s] %s (removed: no set has %d references)%n", STAGE, name, n);
                }
            }
            ByteArrayOutputStream table = new ByteArrayOutputStream();
            MultiSubjectExport.writeTable(entries, table);
            publish(storage, console, MultiSubjectExport.TABLE_FILE, table.toByteArray());
            storage.delete(STAGE + "/" + ShardLayout.STAGING);
            Map<Integer, Long> setsByN = new TreeMap<>();
            entries.forEach(entry -> setsByN.merge(entry.n(), 1L, Long::sum));
            return setsByN;
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot write the multi-subject training files in " + storage.describe() + "/" + STAGE + ": "
                            + e, e);
        }
    }

    private static void publish(StageStorage storage, PrintStream console, String file, byte[] content)
            throws IOException {
        boolean written = StageFiles.writeIfChanged(storage, STAGE + "/" + file, content);
        console.printf("[%s] %s (%s)%n", STAGE, file, written ? "written" : "unchanged");
    }

    /** Per partition: the detector, and with {@code regenerate} the S2I sampler and the embedder. */
    private record ExpandWork(UnosynthConfig config, StageStorage storage, SerializableHadoopConf hadoop)
            implements StageWork<ExpandShardInput, ExpandSet> {
        @Override
        public StageResources resources() {
            double gpus = config.expand().taskGpus();
            return gpus > 0 ? StageResources.gpusPerTask(gpus) : StageResources.DEFAULT;
        }

        @Override
        public Session<ExpandShardInput, ExpandSet> open() {
            ExpandConfig expand = config.expand();
            ModelLoader loader = ModelLoader.create(config.models(), new HadoopRemoteFiles(hadoop),
                    config.run().seed());
            ModelSet models = new ModelSet(loader, ModelNames.DEFAULT.withOwl(expand.detectorModel())
                    .withFlux(expand.s2iModel()), GenerateJob.taskGpus(),
                    BatchSize.DEFAULT);
            boolean regenerate = expand.reference() == ReferenceKind.REGENERATE;
            Optional<ReferenceRegenerator> regenerator = regenerate
                    ? Optional.of(new S2iRegenerator(models.sampler(S2iRegenerator.samplerParams(expand)),
                            ObjectPrompt.load(expand.promptTemplateFile()), expand.size(),
                            GenerateJob.modelIds(config, List.of(expand.s2iModel()))))
                    : Optional.empty();
            // The executor's one similarity (its threads stop with the last lease, not with this task).
            Optional<ModelRegistry.Lease<DinoPairSimilarity>> similarityLease = regenerate
                    ? Optional.of(DinoPairSimilarity.shared(loader, expand.embedderModel(), GenerateJob.taskGpus(),
                            GenerateJob.modelIds(config, List.of(expand.embedderModel())),
                            DinoPairSimilarity.defaultSettings(loader.spec(expand.embedderModel()),
                                    GenerateJob.taskGpus(), GenerateJob.executorCores())))
                    : Optional.empty();
            Optional<PairSimilarity> similarity = similarityLease.map(ModelRegistry.Lease::value);
            ExpandShardWork.Models seams = new ExpandShardWork.Models(new OwlSubjectDetector(models.owl(),
                    GenerateJob.modelIds(config, List.of(expand.detectorModel()))), regenerator, similarity);
            DetectorQueries queries = new DetectorQueries(Taxonomy.load(config.taxonomy()), expand.vocabulary());
            StorageExportSink images = new StorageExportSink(storage, STAGE);
            return new Session<>() {
                @Override
                public ClosingWork<ExpandSet> forShard(ExpandShardInput input) {
                    Set<String> selected = new HashSet<>();
                    try (ParquetShardReader<SelectionRow> rows = ParquetShardReader.open(input.selectionFile(),
                            hadoop.get(), SelectionRowColumns::fromGroup)) {
                        rows.forEach(row -> {
                            if (row.selected()) {
                                selected.add(row.pairId());
                            }
                        });
                    }
                    ParquetShardReader<PairRow> pairs = ParquetShardReader.open(input.pairsFile(), hadoop.get(),
                            PairRowColumns::fromGroup);
                    return new ClosingWork<>(new ExpandShardWork(pairs, selected, expand, queries, seams,
                            config.run().seed(), images), pairs);
                }

                @Override
                public void close() {
                    try {
                        models.close();
                    } finally {
                        similarityLease.ifPresent(ModelRegistry.Lease::close);
                    }
                }
            };
        }
    }
}
