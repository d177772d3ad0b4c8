package io.unosynth.jobs.score;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.RunCaches;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.expand.ExpandSetColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.spark.ClosingWork;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Stage score-sets: the score stage's judge on expand's multi-subject sets. Each reference of a set is judged
 * against the set's target as one pair ({@link ExpandSet#judgedPairs()}: the subject that reference shows, the
 * target's caption as the scene), so a set of n references gets n verdicts, written as the score stage writes its
 * own ({@link JudgeVerdictColumns}), one shard per finished expand shard. Same judge, prompts, retries, counted
 * failures and cache as score (under {@code _cache/score-sets/}); without a judge endpoint it says so once and
 * marks the references unscored. encode-sets encodes the sets these verdicts select
 * ({@link io.unosynth.core.select.SetSelection}).
 */
public final class ScoreSetsJob {
    public static final String STAGE = "score-sets";
    public static final String CACHE = RunCaches.FOLDER + "/" + STAGE;

    private ScoreSetsJob() {}

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        if (!config.judge().configured()) {
            console.println("[" + STAGE + "] " + PairJudge.UNCONFIGURED_NOTICE);
        }
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"),
                StageGraph.UNO.configHash(STAGE, config), CodeVersion.current());
        UpstreamMarkers expanded = UpstreamMarkers.read(storage, ExpandJob.STAGE);
        List<ShardTask<String>> tasks = expanded.shards().stream().map(stats -> new ShardTask<>(
                new ShardId(stats.shard()), expanded.file(stats), Map.ofEntries(UpstreamMarkers.provenance(stats))))
                .toList();
        ShardedStage<String, JudgeVerdict> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(JudgeVerdictColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new ScoreSetsWork(config, storage, new SerializableHadoopConf(
                        spark.sparkContext().hadoopConfiguration())));
        return stage.run(spark, tasks, config.run(), force, console);
    }

    /** Per partition: the judge's calls ({@link JudgeCalls}), closed with the partition. */
    private record ScoreSetsWork(UnosynthConfig config, StageStorage storage, SerializableHadoopConf hadoop)
            implements StageWork<String, JudgeVerdict> {
        @Override
        public Session<String, JudgeVerdict> open() {
            JudgeCalls calls = new JudgeCalls(config, storage, CACHE);
            return new Session<>() {
                @Override
                public ClosingWork<JudgeVerdict> forShard(String expandFile) {
                    ParquetShardReader<ExpandSet> sets = ParquetShardReader.open(expandFile, hadoop.get(),
                            ExpandSetColumns::fromGroup);
                    // Streamed set by set: a shard's images are never all held at once.
                    Iterable<PairRow> references = () -> StreamSupport.stream(sets.spliterator(), false)
                            .flatMap(set -> set.judgedPairs().stream()).iterator();
                    return new ClosingWork<>(calls.judge(references), sets);
                }

                @Override
                public void close() {
                    calls.close();
                }
            };
        }
    }
}
