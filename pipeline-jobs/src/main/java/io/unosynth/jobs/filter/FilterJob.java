package io.unosynth.jobs.filter;

import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.filter.ConsistencyBand;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.filter.FilterShardWork;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.core.pair.PairRow;
import io.unosynth.jobs.spark.ClosingWork;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.spark.UpstreamShard;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.contracts.dino.DinoPairSimilarity;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import java.io.PrintStream;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 3, filter: the DINOv2 cosine similarity of each pair's halves, kept within {@code [filter.low,
 * filter.high]}. Writes a decisions table keyed by pair id, one shard per generate shard; no image is copied.
 */
public final class FilterJob {
    public static final String STAGE = "filter";

    private FilterJob() {}

    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        ShardedStage<UpstreamShard, FilterDecision> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(FilterDecisionColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new FilterWork(config, new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        return stage.run(spark, UpstreamShard.of(UpstreamMarkers.read(storage, GenerateJob.STAGE)), config.run(),
                force, console);
    }

    /** Per partition: the embedder's lease; per shard: the generate file streamed pair by pair. */
    private record FilterWork(UnosynthConfig config, SerializableHadoopConf hadoop)
            implements StageWork<UpstreamShard, FilterDecision> {
        @Override
        public Session<UpstreamShard, FilterDecision> open() {
            String embedder = config.filter().embedderModel();
            // The executor's one similarity: concurrent tasks queue their batches on the same model threads.
            List<String> gpus = GenerateJob.taskGpus();
            ModelRegistry.Lease<DinoPairSimilarity> lease = DinoPairSimilarity.shared(ModelLoader.create(
                    config.models(), new HadoopRemoteFiles(hadoop), config.run().seed()), embedder, gpus,
                    GenerateJob.modelIds(config, List.of(embedder)),
                    DinoPairSimilarity.defaultSettings(config.models().require(embedder), gpus,
                            GenerateJob.executorCores()));
            DinoPairSimilarity similarity = lease.value();
            ConsistencyBand band = ConsistencyBand.of(config.filter());
            return new Session<>() {
                @Override
                public ClosingWork<FilterDecision> forShard(UpstreamShard input) {
                    ParquetShardReader<PairRow> pairs =
                            ParquetShardReader.open(input.file(), hadoop.get(), PairRowColumns::fromGroup);
                    return new ClosingWork<>(new FilterShardWork(pairs, band, similarity), pairs);
                }

                @Override
                public void close() {
                    lease.close();
                }
            };
        }
    }
}
