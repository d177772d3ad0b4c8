package io.unosynth.jobs.select;

import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.select.Selection;
import io.unosynth.core.select.SelectShardWork;
import io.unosynth.core.select.SelectionRow;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.filter.FilterDecisionColumns;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.spark.ClosingWork;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 5, select: thresholds on the judge's final score (and the filter's decision) give the training set. One
 * row per generated pair, so the table is also the run's funnel.
 */
public final class SelectJob {
    public static final String STAGE = "select";

    private SelectJob() {}

    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        UpstreamMarkers verdicts = UpstreamMarkers.read(storage, ScoreJob.STAGE);
        UpstreamMarkers decisions = UpstreamMarkers.read(storage, FilterJob.STAGE);
        List<ShardTask<SelectShardInput>> tasks = verdicts.shards().stream().map(scored -> {
            ShardId id = new ShardId(scored.shard());
            ShardStats filtered = decisions.require(id, STAGE);
            return new ShardTask<>(id, new SelectShardInput(decisions.file(filtered), verdicts.file(scored)),
                    Map.ofEntries(UpstreamMarkers.provenance(filtered), UpstreamMarkers.provenance(scored)));
        }).toList();
        ShardedStage<SelectShardInput, SelectionRow> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(SelectionRowColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new SelectWork(new Selection(config.select()),
                        new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        return stage.run(spark, tasks, config.run(), force, console);
    }

    private record SelectWork(Selection selection, SerializableHadoopConf hadoop)
            implements StageWork<SelectShardInput, SelectionRow> {
        @Override
        public Session<SelectShardInput, SelectionRow> open() {
            return new Session<>() {
                @Override
                public ClosingWork<SelectionRow> forShard(SelectShardInput input) {
                    Map<String, JudgeVerdict> verdicts = new HashMap<>();
                    try (ParquetShardReader<JudgeVerdict> rows = ParquetShardReader.open(input.verdictsFile(),
                            hadoop.get(), JudgeVerdictColumns::fromGroup)) {
                        rows.forEach(v -> verdicts.put(v.pairId(), v));
                    }
                    ParquetShardReader<FilterDecision> decisions = ParquetShardReader.open(input.decisionsFile(),
                            hadoop.get(), FilterDecisionColumns::fromGroup);
                    return new ClosingWork<>(new SelectShardWork(decisions, verdicts, selection), decisions);
                }

                @Override
                public void close() {}
            };
        }
    }
}
