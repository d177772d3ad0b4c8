package io.unosynth.jobs.generate;

import io.unosynth.core.shard.StageGraph;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.row_number;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.build.ContentHash;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.generate.GenerateShardInput;
import io.unosynth.core.generate.GenerateShardWork;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.plan.PlanRowColumns;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageResources;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.generate.FluxDiptychRenderer;
import io.unosynth.runtime.registry.ModelLoader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Stage 2, generate: each plan row's prompt is rendered as a diptych and cut into a (reference, target) pair.
 * Shards are runs of {@code generate.pairs-per-shard} plan rows of one category ({@code c0001-g000}); output
 * {@code <run>/generate/part-c0001-g000.parquet} with both PNGs. The images are written once, here.
 */
public final class GenerateJob {
    public static final String STAGE = "generate";
    /** The models this stage renders with. */
    static final List<String> MODELS = StageGraph.GENERATE_MODELS;

    private GenerateJob() {}

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        Taxonomy taxonomy = Taxonomy.load(config.taxonomy());
        List<Category> selected = taxonomy.select(config.taxonomy().categories());
        UpstreamMarkers plan = UpstreamMarkers.read(storage, PlanJob.STAGE);
        List<ShardTask<GenerateShardInput>> tasks = shards(planRows(spark, plan, config, selected), plan, config);
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"), configHash(config),
                CodeVersion.current());
        ShardedStage<GenerateShardInput, PairRow> stage = new ShardedStage<>(protocol, storage,
                new ParquetRowFormat<>(PairRowColumns.COLUMNS, CompressionCodecName.UNCOMPRESSED),
                new GenerateWork(config, new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        return stage.run(spark, tasks, config.run(), force, console);
    }

    /** Declared with the stage in {@link StageGraph#UNO} (not the pair budget, which only adds shards). */
    public static String configHash(UnosynthConfig config) {
        return StageGraph.UNO.configHash(STAGE, config);
    }

    /** Recorded with every pair: each model's location and checksum ("unverified" when none is configured). */
    public static String modelIds(UnosynthConfig config, List<String> names) {
        return names.stream().map(name -> {
            ModelSpec spec = config.models().require(name);
            return name + "=" + spec.location() + "@"
                    + (spec.checksum().isEmpty() ? "unverified" : "sha256:" + spec.checksum());
        }).collect(Collectors.joining(";"));
    }

    /**
     * The cores this executor was given: {@code spark.executor.cores}, at most the cores the JVM sees, which it is when
     * unset (local mode, or an executor owning its node). A JVM can see more cores than its executor owns (YARN
     * without CPU cgroups), so thread counts follow this, not {@code availableProcessors} alone.
     */
    public static int executorCores() {
        int visible = Runtime.getRuntime().availableProcessors();
        SparkEnv env = SparkEnv.get();
        return env == null ? visible : Math.max(1, Math.min(visible, env.conf().getInt("spark.executor.cores",
                visible)));
    }

    /** The GPU addresses Spark gave the running task (none in local mode or on CPU executors). */
    public static List<String> taskGpus() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return List.of();
        }
        ResourceInformation gpus = task.resourcesJMap().get("gpu");
        return gpus == null ? List.of() : Arrays.asList(gpus.addresses());
    }

    /**
     * The plan rows to render, per category: at most {@code generate.max-pairs-per-category}, taking each subject's
     * first scene before any second scene, so a small budget still covers many subjects. Rows are ranked plan shard
     * by plan shard, so more subjects (new plan shards) only append rows: the generate shards already made keep
     * their rows.
     */
    static Map<Integer, List<Row>> planRows(SparkSession spark, UpstreamMarkers planShards, UnosynthConfig config,
            List<Category> selected) {
        Set<String> prefixes = selected.stream().map(category -> categoryPrefix(category.id()))
                .collect(Collectors.toSet());
        String[] files = planShards.shards().stream()
                .filter(stats -> prefixes.contains(categoryPrefix(stats.shard())))
                .map(planShards::file)
                .toArray(String[]::new);
        if (files.length == 0) {
            return Map.of();
        }
        Dataset<Row> plan;
        try {
            plan = spark.read().parquet(files);
        } catch (RuntimeException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot generate: the plan shards in " + config.run().output() + "/" + PlanJob.STAGE
                            + " are not readable Parquet: " + e.getMessage(), e);
        }
        Object[] ids = selected.stream().map(Category::id).toArray();
        Dataset<Row> rows = plan.where(col("category_id").isin(ids))
                .withColumn("rank", row_number().over(Window.partitionBy("category_id")
                        .orderBy(floor(col("subject_index").divide(config.plan().subjectsPerShard())),
                                col("scene_index"), col("subject_index"), col("plan_id"))));
        int max = config.generate().maxPairsPerCategory();
        if (max > 0) {
            rows = rows.where(col("rank").leq(max));
        }
        Map<Integer, List<Row>> byCategory = new LinkedHashMap<>();
        for (Row row : rows.orderBy("category_id", "rank").collectAsList()) {
            byCategory.computeIfAbsent(row.<Integer>getAs("category_id"), id -> new ArrayList<>()).add(row);
        }
        return byCategory;
    }

    /** Provenance key of the plan ids a generate shard renders: the shard is redone when they change. */
    static final String PLAN_ROWS = "plan-rows";

    /** {@code c0001-} of plan and generate shard ids of category 1. */
    static String categoryPrefix(int categoryId) {
        return String.format("c%04d-", categoryId);
    }

    private static String categoryPrefix(String shardId) {
        return shardId.substring(0, Math.min(shardId.length(), 6));
    }

    static List<ShardTask<GenerateShardInput>> shards(Map<Integer, List<Row>> byCategory, UpstreamMarkers plan,
            UnosynthConfig config) {
        int size = config.generate().pairsPerShard();
        List<ShardTask<GenerateShardInput>> tasks = new ArrayList<>();
        byCategory.forEach((categoryId, rows) -> {
            for (int start = 0, shard = 0; start < rows.size(); start += size, shard++) {
                List<PlanRow> planRows = new ArrayList<>();
                List<String> rejected = new ArrayList<>();
                List<Row> slice = rows.subList(start, Math.min(rows.size(), start + size));
                // The plan shards this slice's rows come from, so a new plan shard leaves this one done. A row
                // no configured plan shard holds (written under another setting or by another tool) ties the slice
                // to every plan shard of its category.
                int planShards = config.plan().shardsPerCategory();
                Set<String> readPlanShards = new HashSet<>();
                boolean unattributed = false;
                for (Row row : slice) {
                    Integer subject = row.getAs("subject_index");
                    int index = subject == null ? -1 : Math.floorDiv(subject, config.plan().subjectsPerShard());
                    if (index >= 0 && index < planShards) {
                        readPlanShards.add(ShardId.ofCategory(categoryId, index).value());
                    } else {
                        unattributed = true;
                    }
                }
                boolean everyPlanShard = unattributed;
                Map<String, String> upstream = new TreeMap<>(plan.provenance(stats -> stats.shard().startsWith(
                        categoryPrefix(categoryId)) && (everyPlanShard || readPlanShards.contains(stats.shard()))));
                upstream.put(PLAN_ROWS, ContentHash.of(slice.stream().map(row -> row.getAs("plan_id")).toArray()));
                for (Row row : slice) {
                    try {
                        planRows.add(PlanRowColumns.fromRow(row));
                    } catch (PipelineException e) {
                        rejected.add("corrupt_plan_row");
                    }
                }
                tasks.add(new ShardTask<>(new ShardId(String.format("c%04d-g%03d", categoryId, shard)),
                        new GenerateShardInput(planRows, rejected), upstream));
            }
        });
        return tasks;
    }

    /** Per partition: one model set (sessions shared per executor through the registry) and one PNG encoder. */
    private record GenerateWork(UnosynthConfig config, SerializableHadoopConf hadoop)
            implements StageWork<GenerateShardInput, PairRow> {
        @Override
        public StageResources resources() {
            double gpus = config.generate().taskGpus();
            return gpus > 0 ? StageResources.gpusPerTask(gpus) : StageResources.DEFAULT;
        }

        @Override
        public long expectedRows(GenerateShardInput input) {
            return input.rows().size();
        }

        @Override
        public Session<GenerateShardInput, PairRow> open() {
            ModelLoader loader = ModelLoader.create(config.models(), new HadoopRemoteFiles(hadoop),
                    config.run().seed());
            ModelSet models = new ModelSet(loader, ModelNames.DEFAULT, taskGpus(),
                    new BatchSize(config.generate().batchSize()));
            FluxDiptychRenderer renderer = new FluxDiptychRenderer(
                    models.sampler(FluxDiptychRenderer.samplerParams(config.generate())), modelIds(config, MODELS));
            ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "unosynth-png-encoder");
                thread.setDaemon(true);
                return thread;
            });
            return new Session<>() {
                @Override
                public GenerateShardWork forShard(GenerateShardInput input) {
                    return new GenerateShardWork(input, config.generate(), renderer, encoder);
                }

                @Override
                public void close() {
                    encoder.shutdownNow();
                    models.close();
                }
            };
        }
    }
}
