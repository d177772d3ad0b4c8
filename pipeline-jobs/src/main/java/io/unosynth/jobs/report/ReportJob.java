package io.unosynth.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.expand.ExpandFunnel;
import io.unosynth.core.report.ExpandReport;
import io.unosynth.core.report.ExpandSample;
import io.unosynth.core.report.FailureCount;
import io.unosynth.core.report.ReportThresholds;
import io.unosynth.core.report.RunHeader;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.report.ReportSample;
import io.unosynth.core.report.RunReport;
import io.unosynth.core.report.TrainingReport;
import io.unosynth.core.select.Funnel;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.train.TrainingLog;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.expand.ExpandSetColumns;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.select.SelectJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.export.StageFiles;
import io.unosynth.jobs.filter.FilterDecisionColumns;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.train.TrainJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The last stage, report: one static HTML file, {@code report/index.html}, describing the run from the finished
 * shards of every stage (those with markers): the funnel per category (planned, generated, passed filter, scored,
 * selected; counted by Spark over the small tables), histograms of similarity and final score, a grid of up to
 * {@code samples} pairs (only their images are read, and thumbnailed on executors), the models recorded in the
 * markers, the failure histograms of the markers per stage and category, and, from the {@link ReportContext}, the
 * invocation (date, command line, stage wall times) and the effective config. A stage that has not run counts zero
 * and says so at the top. When the run has an expand stage (it has markers), the report also reads its markers and
 * parts: the expand funnel (from the markers' inputs and no-set reasons, and the sets counted by N) and up to
 * {@value #EXPAND_SAMPLES} sample sets (round-robin over N, by set id; thumbnailed on executors). When a training
 * stage wrote its step log ({@code train/stage-<n>/steps.csv}), the report shows its loss curve and step times. Not sharded: written whole, and a rerun that would write the same bytes leaves it
 * untouched (a CLI rerun writes a new date and command line, so it rewrites the file).
 */
public final class ReportJob {
    public static final String STAGE = "report";
    public static final String FILE_NAME = "index.html";
    public static final int SAMPLES_DEFAULT = 24;
    public static final int EXPAND_SAMPLES = 6;
    static final String EXPAND = ExpandJob.STAGE;
    static final String PLAN = PlanJob.STAGE;
    static final String GENERATE = GenerateJob.STAGE;
    static final String FILTER = FilterJob.STAGE;
    static final String SCORE = ScoreJob.STAGE;
    static final String SELECT = SelectJob.STAGE;
    static final List<String> STAGES = List.of(PLAN, GENERATE, FILTER, SCORE, SELECT, ExportJob.STAGE);

    /** At the top of a report on data made by the built-in demo models. */
    public static final String DEMO_NOTICE = "Demo data: made by the built-in demo models, real networks with "
            + "random weights. The images are noise and the filter's similarities mean nothing; point models.* at "
            + "real exports for real data.";
    private static final Pattern CATEGORY_SHARD = Pattern.compile("c(\\d{4})-.*");

    private ReportJob() {}

    /** The category of a shard named {@code c<id>-...} (every stage's shards but plan's are), else "-". */
    static String categoryOf(String shard, Taxonomy taxonomy) {
        Matcher matcher = CATEGORY_SHARD.matcher(shard);
        if (!matcher.matches()) {
            return "-";
        }
        int id = Integer.parseInt(matcher.group(1));
        return taxonomy.all().stream().filter(c -> c.id() == id).map(Category::name).findFirst()
                .orElse("category " + id);
    }

    /** Writes the report; returns its path relative to the run's output. */
    public static String run(SparkSession spark, StageStorage storage, UnosynthConfig config, int samples,
            ReportContext context, PrintStream console) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Map<String, String[]> files = new LinkedHashMap<>();
        List<String> notices = new ArrayList<>();
        Set<String> models = new TreeSet<>();
        List<StageSummary> stages = new ArrayList<>();
        Map<String, Map<String, Long>> failures = new TreeMap<>();
        Taxonomy taxonomy = Taxonomy.load(config.taxonomy());
        List<String> reported = new ArrayList<>(STAGES);
        // expand is opt-in: reported when it ran, never listed as missing.
        if (!StageFiles.markers(storage, EXPAND).isEmpty()) {
            reported.add(EXPAND);
        }
        for (String stage : reported) {
            files.put(stage, StageFiles.dataFiles(storage, stage, shard -> true));
            List<ShardStats> markers = StageFiles.markers(storage, stage);
            markers.forEach(stats -> models.addAll(stats.models()));
            if (!markers.isEmpty()) {
                stages.add(StageSummary.of(stage, markers, 0));
            }
            for (ShardStats stats : markers) {
                String category = categoryOf(stats.shard(), taxonomy);
                stats.failures().forEach((reason, count) -> failures
                        .computeIfAbsent(stage + "\u0000" + category, k -> new TreeMap<>())
                        .merge(reason, count, Long::sum));
            }
            if (files.get(stage).length == 0) {
                notices.add("Stage '" + stage + "' has no finished shards in " + storage.describe()
                        + ": its numbers are missing from this report.");
            }
        }

        List<FilterDecision> decisions = readAll(files.get(FILTER), hadoop, FilterDecisionColumns::fromGroup);
        List<JudgeVerdict> verdicts = readAll(files.get(SCORE), hadoop, JudgeVerdictColumns::fromGroup);
        if (verdicts.stream().anyMatch(v -> v.status() == JudgeVerdict.Status.UNSCORED)) {
            notices.add(0, PairJudge.UNCONFIGURED_NOTICE);
        }
        if (StageFiles.anyDemoModel(models)) {
            notices.add(0, DEMO_NOTICE);
        }
        RunHeader header = new RunHeader(context.generatedAt().toString(), CodeVersion.current(),
                context.commandLine(), stages, context.wallMillis(),
                Map.of(GENERATE, config.generate().taskGpus(), EXPAND, config.expand().taskGpus()));
        List<FailureCount> failureCounts = new ArrayList<>();
        failures.forEach((key, reasons) -> {
            String[] stageAndCategory = key.split("\u0000", 2);
            reasons.forEach((reason, count) -> failureCounts.add(
                    new FailureCount(stageAndCategory[0], stageAndCategory[1], reason, count)));
        });
        RunReport report = new RunReport("unosynth run: " + storage.describe(), notices, header,
                funnel(spark, files), decisions, verdicts, samples(spark, files, decisions, verdicts, samples),
                failureCounts, new ReportThresholds(config.filter().low(), config.filter().high(),
                        config.select().minFinalScore()), List.copyOf(models), context.settings(),
                expand(spark, files.get(EXPAND), stages), training(storage));
        String path = STAGE + "/" + FILE_NAME;
        try {
            boolean written = StageFiles.writeIfChanged(storage, path,
                    report.html().getBytes(StandardCharsets.UTF_8));
            storage.delete(STAGE + "/" + ShardLayout.STAGING);
            console.printf("[%s] %s (%s)%n", STAGE, StageFiles.qualified(storage, path),
                    written ? "written" : "unchanged");
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot write the report " + StageFiles.qualified(storage, path) + ": " + e, e);
        }
        return path;
    }

    /** The step log of each training stage that wrote one ({@code train/stage-<n>/steps.csv}). */
    static List<TrainingReport> training(StageStorage storage) {
        List<TrainingReport> stages = new ArrayList<>();
        for (int stage = 1; stage <= 2; stage++) {
            String directory = TrainJob.STAGE + "/stage-" + stage;
            String path = directory + "/" + TrainingLog.FILE_NAME;
            try {
                if (storage.exists(path)) {
                    try (InputStream in = storage.open(path)) {
                        stages.add(new TrainingReport(stage, StageFiles.qualified(storage, directory),
                                TrainingLog.fromCsv(in.readAllBytes(), StageFiles.qualified(storage, path))));
                    }
                }
            } catch (IOException e) {
                throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                        "Cannot read the training log " + StageFiles.qualified(storage, path) + ": " + e, e);
            }
        }
        return stages;
    }

    /** The expand section, when the run has an expand stage ({@code parts} non-null). */
    static Optional<ExpandReport> expand(SparkSession spark, String[] parts, List<StageSummary> stages) {
        if (parts == null) {
            return Optional.empty();
        }
        StageSummary summary = stages.stream().filter(stage -> stage.stage().equals(EXPAND)).findFirst()
                .orElseThrow();
        if (parts.length == 0) {
            return Optional.of(new ExpandReport(ExpandFunnel.of(summary.rowsIn(), summary.failures(), Map.of()),
                    List.of()));
        }
        Map<Integer, Long> setsByN = new TreeMap<>();
        for (Row row : spark.read().parquet(parts).groupBy("n").agg(count(lit(1)).as("sets")).collectAsList()) {
            setsByN.put(row.<Integer>getAs("n"), row.<Long>getAs("sets"));
        }
        List<String> ids = spark.read().parquet(parts).select("set_id", "n")
                .withColumn("rank", row_number().over(Window.partitionBy("n").orderBy(col("set_id"))))
                .orderBy("rank", "n", "set_id").limit(EXPAND_SAMPLES).collectAsList().stream()
                .map(row -> row.<String>getAs("set_id")).toList();
        List<ExpandSample> samples = new ArrayList<>(spark.read().parquet(parts)
                .where(col("set_id").isin(ids.toArray())).javaRDD()
                .map(row -> ExpandSample.of(ExpandSetColumns.fromRow(row))).collect());
        samples.sort(Comparator.comparingInt(sample -> ids.indexOf(sample.setId())));
        return Optional.of(new ExpandReport(ExpandFunnel.of(summary.rowsIn(), summary.failures(), setsByN),
                samples));
    }

    /** Counts per category, each step from the table that decides it. */
    static Funnel funnel(SparkSession spark, Map<String, String[]> files) {
        Funnel funnel = Funnel.empty();
        funnel = funnel.merge(countByCategory(spark, files.get(PLAN), Funnel.Step.PLANNED));
        funnel = funnel.merge(countByCategory(spark, files.get(GENERATE), Funnel.Step.GENERATED));
        String[] selection = files.get(SELECT);
        if (selection.length > 0) {
            List<Row> rows = spark.read().parquet(selection).groupBy("category")
                    .agg(sum(when(col("passed_filter"), 1).otherwise(0)).as("passed"),
                            sum(when(col("judge_status").equalTo("scored"), 1).otherwise(0)).as("scored"),
                            sum(when(col("selected"), 1).otherwise(0)).as("selected"))
                    .collectAsList();
            for (Row row : rows) {
                funnel = funnel.merge(Funnel.of(row.getAs("category"), new Funnel.Counts(0, 0,
                        row.<Long>getAs("passed"), row.<Long>getAs("scored"), row.<Long>getAs("selected"))));
            }
        }
        return funnel;
    }

    private static Funnel countByCategory(SparkSession spark, String[] files, Funnel.Step step) {
        Funnel funnel = Funnel.empty();
        if (files.length == 0) {
            return funnel;
        }
        for (Row row : spark.read().parquet(files).groupBy("category").agg(count(lit(1)).as("n")).collectAsList()) {
            funnel = funnel.merge(Funnel.of(row.getAs("category"), step, row.<Long>getAs("n")));
        }
        return funnel;
    }

    /**
     * Up to {@code limit} pairs, taken round-robin over the categories (selected pairs first within each, then by
     * pair id), so the grid is deterministic and shows every category before a second pair of any.
     */
    static List<ReportSample> samples(SparkSession spark, Map<String, String[]> files,
            List<FilterDecision> decisions, List<JudgeVerdict> verdicts, int limit) {
        String[] pairs = files.get(GENERATE);
        if (limit <= 0 || pairs.length == 0) {
            return List.of();
        }
        String[] selection = files.get(SELECT);
        Dataset<Row> pool = selection.length > 0
                ? spark.read().parquet(selection).select("pair_id", "category", "selected")
                : spark.read().parquet(pairs).select("pair_id", "category").withColumn("selected", lit(false));
        List<Row> picked = pool
                .withColumn("rank", row_number().over(Window.partitionBy("category")
                        .orderBy(col("selected").desc(), col("pair_id"))))
                .orderBy("rank", "category", "pair_id").limit(limit).collectAsList();
        List<String> ids = picked.stream().map(row -> row.<String>getAs("pair_id")).toList();
        Set<String> wanted = new HashSet<>(ids);
        Set<String> selected = new HashSet<>();
        picked.stream().filter(row -> row.<Boolean>getAs("selected"))
                .forEach(row -> selected.add(row.getAs("pair_id")));
        Map<String, FilterDecision> sampleDecisions = new HashMap<>();
        decisions.stream().filter(d -> wanted.contains(d.pairId())).forEach(d -> sampleDecisions.put(d.pairId(), d));
        Map<String, JudgeVerdict> sampleVerdicts = new HashMap<>();
        verdicts.stream().filter(v -> wanted.contains(v.pairId())).forEach(v -> sampleVerdicts.put(v.pairId(), v));
        List<ReportSample> thumbnails = spark.read().parquet(pairs).where(col("pair_id").isin(ids.toArray()))
                .javaRDD().map(new SampleThumbnails(sampleDecisions, sampleVerdicts, selected)).collect();
        List<ReportSample> ordered = new ArrayList<>(thumbnails);
        ordered.sort(Comparator.comparingInt(sample -> ids.indexOf(sample.pairId())));
        return ordered;
    }

    /** Reads a small table on the driver, shard by shard. */
    private static <T> List<T> readAll(String[] files, Configuration hadoop, Function<Group, T> decode) {
        List<T> rows = new ArrayList<>();
        for (String file : files) {
            try (ParquetShardReader<T> reader = ParquetShardReader.open(file, hadoop, decode)) {
                reader.forEach(rows::add);
            }
        }
        return rows;
    }
}
