package io.unosynth.jobs.export;

import io.unosynth.core.shard.StageGraph;
import static org.apache.spark.sql.functions.col;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.export.ExportRow;
import io.unosynth.core.export.ExportShardWork;
import io.unosynth.core.export.Uno1mJsonLines;
import io.unosynth.core.export.UnoTrainingJson;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.RowSource;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import io.unosynth.jobs.select.SelectionRowColumns;
import io.unosynth.jobs.spark.ShardTask;
import io.unosynth.jobs.spark.ShardedStage;
import io.unosynth.jobs.spark.StageWork;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 6, export: the selected pairs as a training set, in the formats trainers read. One shard per finished select
 * shard, same id; each writes its pairs' images ({@code export/images/<pairId>_ref.png}, {@code _tgt.png}) and its
 * Parquet part ({@code export/part-<shard>.parquet}, text, scores, relative paths and both PNGs). Then the driver
 * writes {@code export/uno_train.json} and {@code export/uno_1m.jsonl} from the parts' text columns, sorted by pair
 * id, each whole; a rerun that changes nothing leaves them untouched.
 */
public final class ExportJob {
    public static final String STAGE = "export";
    static final String SELECT = SelectJob.STAGE;
    static final String GENERATE = GenerateJob.STAGE;
    static final String SCORE = ScoreJob.STAGE;

    /** Beside the training files when their pairs were made by the demo models. */
    public static final String DEMO_FILE = "DEMO-DATA.txt";
    public static final String DEMO_TEXT = "DEMO DATA: the pairs in this folder were made by unosynth's built-in "
            + "demo models, real networks with random weights. Their images are noise: do not train on them.\n"
            + "Point models.* at real exports (README: Configuring real models) for real data.\n";

    private ExportJob() {}

    public static StageSummary run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force,
            PrintStream console) {
        List<ShardTask<ExportShardInput>> tasks = shards(storage);
        // The export is a function of the selection: a selection made under another config must not mix with it.
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "parquet"),
                StageGraph.UNO.configHash(STAGE, config, upstreamHashes(storage, SELECT)), CodeVersion.current());
        ShardedStage<ExportShardInput, ExportRow> stage = new ShardedStage<>(protocol, storage,
                // PNGs are compressed already.
                new ParquetRowFormat<>(ExportRowColumns.COLUMNS, CompressionCodecName.UNCOMPRESSED),
                new ExportWork(storage, new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration())));
        StageSummary summary = stage.run(spark, tasks, config.run(), force, console);
        writeTrainingFiles(spark, storage, tasks.stream().map(ShardTask::id).toList(), console);
        return summary;
    }

    /** One task per finished select shard, with the generate and (if scored) score shards of the same id. */
    static List<ShardTask<ExportShardInput>> shards(StageStorage storage) {
        UpstreamMarkers selections = UpstreamMarkers.read(storage, SELECT);
        UpstreamMarkers pairs = UpstreamMarkers.read(storage, GENERATE);
        Map<String, ShardStats> verdicts = new HashMap<>();
        StageFiles.markers(storage, SCORE).forEach(stats -> verdicts.put(stats.shard(), stats));
        return selections.shards().stream().map(selected -> {
            ShardId id = new ShardId(selected.shard());
            ShardStats generated = pairs.require(id, STAGE);
            ShardStats scored = verdicts.get(id.value());
            Map<String, String> upstream = new HashMap<>(Map.ofEntries(UpstreamMarkers.provenance(selected),
                    UpstreamMarkers.provenance(generated)));
            if (scored != null) {
                upstream.put(UpstreamMarkers.provenance(scored).getKey(), scored.dataSha256());
            }
            return new ShardTask<>(id, new ExportShardInput(selections.file(selected), pairs.file(generated),
                    scored == null ? "" : StageFiles.qualified(storage, SCORE + "/" + scored.dataFile())), upstream);
        }).toList();
    }

    /**
     * Writes the two JSON files from the export parts' text columns (the images stay where they are), after checking
     * that every selected pair is there exactly once.
     */
    static void writeTrainingFiles(SparkSession spark, StageStorage storage, List<ShardId> shards,
            PrintStream console) {
        Set<String> wanted = new HashSet<>();
        shards.forEach(id -> wanted.add(id.value()));
        String[] parts = StageFiles.dataFiles(storage, STAGE, wanted::contains);
        String[] selections = StageFiles.dataFiles(storage, SELECT, wanted::contains);
        Column[] text = ExportRowColumns.TEXT.stream().map(name -> col(name)).toArray(Column[]::new);
        List<ExportRow> rows = spark.read().parquet(parts).select(text).orderBy("pair_id").collectAsList().stream()
                .map(ExportRowColumns::textFromRow).toList();
        long selected = spark.read().parquet(selections).where(col("selected")).count();
        long distinct = rows.stream().map(ExportRow::pairId).distinct().count();
        if (rows.size() != selected || distinct != rows.size()) {
            throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot write the training files: the "
                    + "select table has " + selected + " selected pairs, the export parts have " + rows.size()
                    + " rows (" + distinct + " distinct pairs); rerun with --force to redo the export");
        }
        try {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            UnoTrainingJson.write(rows.stream().map(ExportRow::entry).toList(), json);
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            Uno1mJsonLines.write(rows.stream().map(ExportRow::uno1m).toList(), lines);
            publish(storage, console, UnoTrainingJson.FILE_NAME, json.toByteArray(), rows.size());
            publish(storage, console, Uno1mJsonLines.FILE_NAME, lines.toByteArray(), rows.size());
            markDemoData(storage, console);
            storage.delete(STAGE + "/" + ShardLayout.STAGING);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot write the training files in " + storage.describe() + "/" + STAGE + ": " + e, e);
        }
    }

    /** Says so beside the training files when a demo model made the pairs; a real run removes an old mark. */
    private static void markDemoData(StageStorage storage, PrintStream console) throws IOException {
        Set<String> models = new HashSet<>();
        StageFiles.markers(storage, GENERATE).forEach(stats -> models.addAll(stats.models()));
        String path = STAGE + "/" + DEMO_FILE;
        if (StageFiles.anyDemoModel(models)) {
            StageFiles.writeIfChanged(storage, path, DEMO_TEXT.getBytes(StandardCharsets.UTF_8));
            console.printf("[%s] %s: demo data, made by the demo models (random weights)%n", STAGE, DEMO_FILE);
        } else if (storage.exists(path)) {
            storage.delete(path);
        }
    }

    private static void publish(StageStorage storage, PrintStream console, String file, byte[] content, int pairs)
            throws IOException {
        boolean written = StageFiles.writeIfChanged(storage, STAGE + "/" + file, content);
        console.printf("[%s] %s: %d pairs (%s)%n", STAGE, file, pairs, written ? "written" : "unchanged");
    }

    private static String upstreamHashes(StageStorage storage, String stage) {
        Set<String> hashes = new TreeSet<>();
        StageFiles.markers(storage, stage).forEach(stats -> hashes.add(stats.configHash()));
        return String.join(",", hashes);
    }

    /** Per partition: the shards read upstream files with the executor's Hadoop conf and write through the storage. */
    private record ExportWork(StageStorage storage, SerializableHadoopConf hadoop)
            implements StageWork<ExportShardInput, ExportRow> {
        @Override
        public Session<ExportShardInput, ExportRow> open() {
            StorageExportSink images = new StorageExportSink(storage, STAGE);
            return new Session<>() {
                @Override
                public ShardWork<ExportRow> forShard(ExportShardInput input) {
                    Configuration conf = hadoop.get();
                    return new ExportShardWork(new ExportShardWork.Sources(
                            () -> ParquetShardReader.open(input.selectionFile(), conf, SelectionRowColumns::fromGroup),
                            input.selectionFile(),
                            () -> ParquetShardReader.open(input.pairsFile(), conf, PairRowColumns::fromGroup),
                            input.pairsFile(),
                            () -> input.verdicts().<RowSource<JudgeVerdict>>map(file -> ParquetShardReader.open(
                                    file, conf, JudgeVerdictColumns::fromGroup)).orElseGet(RowSource::empty),
                            input.verdicts().orElse("the score stage (no shard)")), images);
                }

                @Override
                public void close() {}
            };
        }
    }
}
