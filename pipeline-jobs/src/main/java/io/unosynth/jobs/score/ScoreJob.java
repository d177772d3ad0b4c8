package io.unosynth.jobs.score;

import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.RunCaches;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.filter.FilterDecisionColumns;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.spark.ClosingWork;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 4, score: a vision-language judge's chain-of-thought check of the pairs that passed the filter. Verdicts are
 * cached per (pair, judge model, prompt version) under {@code _cache/score/}, outside the stage folder, so reruns
 * and {@code --force} do not pay twice ({@code --drop-caches} deletes it). Without a
 * judge endpoint the stage says so once and marks pairs unscored; it never invents scores.
 */
public final class ScoreJob {
    public static final String STAGE = "score";
    public static final String CACHE = RunCaches.FOLDER + "/" + STAGE;

    private ScoreJob() {}

    /** Not the endpoint's address or concurrency: only what changes a verdict (model, prompts, sampling). */
    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        if (!config.judge().configured()) {
            console.println("[" + STAGE + "] " + PairJudge.UNCONFIGURED_NOTICE);
        }
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        UpstreamMarkers decisions = UpstreamMarkers.read(storage, FilterJob.STAGE);
        UpstreamMarkers pairs = UpstreamMarkers.read(storage, GenerateJob.STAGE);
        List<ShardTask<ScoreShardInput>> tasks = decisions.shards().stream().map(filtered -> {
            ShardId id = new ShardId(filtered.shard());
            ShardStats generated = pairs.require(id, STAGE);
            return new ShardTask<>(id, new ScoreShardInput(pairs.file(generated), decisions.file(filtered)),
                    Map.ofEntries(UpstreamMarkers.provenance(generated), UpstreamMarkers.provenance(filtered)));
        }).toList();
        ShardedStage<ScoreShardInput, JudgeVerdict> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(JudgeVerdictColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new ScoreWork(config, storage, new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        return stage.run(spark, tasks, config.run(), force, console);
    }

    /** Per partition: the judge's calls ({@link JudgeCalls}), closed with the partition. */
    private record ScoreWork(UnosynthConfig config, StageStorage storage, SerializableHadoopConf hadoop)
            implements StageWork<ScoreShardInput, JudgeVerdict> {
        @Override
        public Session<ScoreShardInput, JudgeVerdict> open() {
            JudgeCalls calls = new JudgeCalls(config, storage, CACHE);
            return new Session<>() {
                @Override
                public ClosingWork<JudgeVerdict> forShard(ScoreShardInput input) throws Exception {
                    Set<String> kept = new HashSet<>();
                    try (ParquetShardReader<FilterDecision> decisions = ParquetShardReader.open(
                            input.decisionsFile(), hadoop.get(), FilterDecisionColumns::fromGroup)) {
                        decisions.forEach(d -> {
                            if (d.kept()) {
                                kept.add(d.pairId());
                            }
                        });
                    }
                    ParquetShardReader<PairRow> pairs =
                            ParquetShardReader.open(input.pairsFile(), hadoop.get(), PairRowColumns::fromGroup);
                    Iterable<PairRow> keptPairs = () -> StreamSupport.stream(pairs.spliterator(), false)
                            .filter(pair -> kept.contains(pair.pairId()))
                            .iterator();
                    return new ClosingWork<>(calls.judge(keptPairs), pairs);
                }

                @Override
                public void close() {
                    calls.close();
                }
            };
        }
    }
}
