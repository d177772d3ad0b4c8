package io.unosynth.jobs.validate;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run would do, read from its configuration and the shard markers already in its output, without Spark:
 * per stage, the shards it will have and those already done under the current configuration (a marker written
 * under another configuration is stale: the stage refuses to resume over it without --force).
 *
 * @param stage the stage name
 * @param expected shards the stage will have, with how that number is known
 * @param done markers written under the current configuration
 * @param stale markers written under another configuration; empty when the stage's hash is not checked here
 * @param markers every marker found (done and stale)
 */
public record StagePlan(String stage, String expected, long done, Optional<Long> stale, List<ShardStats> markers) {

    /** The plan of every stage of {@code unosynth run}, in order. */
    public static List<StagePlan> of(UnosynthConfig config, int categories, StageStorage storage) {
        List<StagePlan> plans = new ArrayList<>();
        long planShards = (long) categories * config.plan().shardsPerCategory();
        plans.add(stage(storage, PlanJob.STAGE, planShards + " (" + categories + " categories x "
                + config.plan().shardsPerCategory() + ")", Optional.of(PlanJob.configHash(config))));
        long planned = (long) config.plan().subjectsPerCategory() * config.plan().scenesPerSubject();
        int max = config.generate().maxPairsPerCategory();
        long pairs = max > 0 ? Math.min(planned, max) : planned;
        long perCategory = (pairs + config.generate().pairsPerShard() - 1) / config.generate().pairsPerShard();
        plans.add(stage(storage, GenerateJob.STAGE, "at most " + categories * perCategory + " (" + categories
                + " categories x " + pairs + " pairs / " + config.generate().pairsPerShard() + " per shard)",
                Optional.of(GenerateJob.configHash(config))));
        plans.add(stage(storage, FilterJob.STAGE, "one per generate shard", Optional.of(FilterJob.configHash(config))));
        plans.add(stage(storage, ScoreJob.STAGE, "one per filter shard", Optional.of(ScoreJob.configHash(config))));
        plans.add(stage(storage, SelectJob.STAGE, "one per score shard", Optional.of(SelectJob.configHash(config))));
        plans.add(stage(storage, ExportJob.STAGE, "one per select shard", Optional.empty()));
        return plans;
    }

    /** Whether the run's HTML report has been written. */
    public static boolean reportWritten(StageStorage storage) {
        try {
            return storage.list(ReportJob.STAGE).contains("index.html");
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot list " + storage.describe() + "/" + ReportJob.STAGE + ": " + e.getMessage(), e);
        }
    }

    private static StagePlan stage(StageStorage storage, String stage, String expected, Optional<String> hash) {
        List<ShardStats> markers;
        try {
            markers = new ShardProtocol(new ShardLayout(stage, "parquet"), hash.orElse(""), CodeVersion.current())
                    .readMarkers(storage);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot read the shard markers of stage '" + stage + "' in " + storage.describe() + ": "
                            + e.getMessage(), e);
        }
        if (hash.isEmpty()) {
            return new StagePlan(stage, expected, markers.size(), Optional.empty(), markers);
        }
        long done = markers.stream().filter(m -> m.configHash().equals(hash.get())).count();
        return new StagePlan(stage, expected, done, Optional.of(markers.size() - done), markers);
    }
}
