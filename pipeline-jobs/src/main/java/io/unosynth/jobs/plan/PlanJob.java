package io.unosynth.jobs.plan;

import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.plan.PlanBackend;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.plan.PlanShardWork;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.runtime.llm.PlanBackends;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 1, plan: categories -> subjects -> scenes -> diptych prompts with seeds. One shard per (category, shard
 * index); output {@code <run>/plan/part-c0001-s000.parquet}.
 */
public final class PlanJob {
    public static final String STAGE = "plan";

    private PlanJob() {}

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        Taxonomy taxonomy = Taxonomy.load(config.taxonomy());
        List<Category> selected = taxonomy.select(config.taxonomy().categories());
        PromptTemplate template = PromptTemplate.load(config.plan().promptTemplateFile());
        List<ShardTask<PlanShardInput>> tasks = new ArrayList<>();
        for (Category category : selected) {
            for (int shard = 0; shard < config.plan().shardsPerCategory(); shard++) {
                tasks.add(new ShardTask<>(ShardId.ofCategory(category.id(), shard),
                        new PlanShardInput(category, shard), Map.of(SUBJECTS, subjectRange(config.plan(), shard))));
            }
        }
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"),
                configHash(config), CodeVersion.current());
        ShardedStage<PlanShardInput, PlanRow> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(PlanRowColumns.COLUMNS, CompressionCodecName.SNAPPY),
                new PlanWork(config, template));
        return stage.run(spark, tasks, config.run(), force, console);
    }

    /**
     * Provenance key of the subjects a plan shard holds ({@code [first, end)}): raising
     * {@code plan.subjects-per-category} changes it only for a last, partly filled shard, which is then redone.
     */
    static final String SUBJECTS = "subjects";

    static String subjectRange(PlanConfig plan, int shard) {
        int first = shard * plan.subjectsPerShard();
        return first + ".." + Math.min(first + plan.subjectsPerShard(), plan.subjectsPerCategory());
    }

    /** Declared with the stage in {@link StageGraph#UNO}. */
    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    /** Per partition: one backend and, for remote backends, a pool that overlaps their requests. */
    private record PlanWork(UnosynthConfig config, PromptTemplate template)
            implements StageWork<PlanShardInput, PlanRow> {
        @Override
        public Session<PlanShardInput, PlanRow> open() {
            PlanBackend backend = PlanBackends.create(config);
            ExecutorService pool = backend.concurrent()
                    ? Executors.newFixedThreadPool(PlanBackends.sceneParallelism(config))
                    : null;
            return new Session<>() {
                @Override
                public PlanShardWork forShard(PlanShardInput input) {
                    return new PlanShardWork(input.category(), input.shardIndex(), config.plan(),
                            config.run().seed(), backend, template, pool != null ? pool : Runnable::run);
                }

                @Override
                public void close() {
                    if (pool != null) {
                        pool.shutdownNow();
                    }
                    backend.close();
                }
            };
        }
    }
}
