package io.unosynth.jobs.export;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.SelectConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.image.Photos;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PartScore;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.select.SelectShardWork;
import io.unosynth.core.select.Selection;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.RowFormat;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.jobs.filter.FilterDecisionColumns;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.plan.PlanRowColumns;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.select.SelectionRowColumns;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.SparkSession;

/**
 * A small finished run written straight through the shard protocol (no model stage runs), with real photos as
 * pair images. Two categories, one generate shard each:
 * <pre>
 *   Cup (11):    4 planned, 3 generated: c0011-a scored 3.8 (selected), c0011-b scored 2.0, c0011-c filtered out
 *   Person (1):  3 planned, 3 generated: c0001-a scored 4.0 (selected), c0001-b unscored (selected: the select
 *                config lets unscored pairs through), c0001-c filtered out
 * </pre>
 */
public final class SmallRun {
    public static final String CUP = "Cup";
    public static final String PERSON = "Person";
    public static final String GENERATE_SHARD_CUP = "c0011-g000";
    public static final String GENERATE_SHARD_PERSON = "c0001-g000";
    /** The model the fixture's filter markers record. */
    public static final String FILTER_MODEL = "dinov2-small@sha256:fixture";
    public static final List<String> SELECTED = List.of("c0001-a", "c0001-b", "c0011-a");

    /** Reference and target photo of each generated pair. */
    public static final Map<String, String[]> PHOTOS = Map.of(
            "c0011-a", new String[] {Photos.COFFEE, Photos.ROCKET},
            "c0011-b", new String[] {Photos.CHELSEA, Photos.COFFEE},
            "c0011-c", new String[] {Photos.ROCKET, Photos.ASTRONAUT},
            "c0001-a", new String[] {Photos.ASTRONAUT, Photos.CHELSEA},
            "c0001-b", new String[] {Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT},
            "c0001-c", new String[] {Photos.MOTORCYCLE_RIGHT, Photos.COFFEE});

    private SmallRun() {}

    public static void write(Path root) throws Exception {
        LocalStageStorage storage = new LocalStageStorage(root);
        write(storage, "plan", "c0011-s000", PlanRowColumns.COLUMNS, emitter -> {
            for (int i = 0; i < 4; i++) {
                emitter.emit(plan(11, CUP, i));
            }
        });
        write(storage, "plan", "c0001-s000", PlanRowColumns.COLUMNS, emitter -> {
            for (int i = 0; i < 3; i++) {
                emitter.emit(plan(1, PERSON, i));
            }
        });
        writeCategory(storage, GENERATE_SHARD_CUP, 11, CUP, List.of(
                scored("c0011-a", 11, CUP, 3.8), scored("c0011-b", 11, CUP, 2.0)));
        writeCategory(storage, GENERATE_SHARD_PERSON, 1, PERSON, List.of(
                scored("c0001-a", 1, PERSON, 4.0), unscored("c0001-b", 1, PERSON)));
    }

    /** Generate, filter, score and select shards of one category: pairs -a, -b kept, -c filtered out. */
    private static void writeCategory(LocalStageStorage storage, String shard, int categoryId, String category,
            List<JudgeVerdict> verdicts) throws Exception {
        String prefix = String.format("c%04d-", categoryId);
        List<PairRow> pairs = new ArrayList<>();
        List<FilterDecision> decisions = new ArrayList<>();
        for (String letter : List.of("a", "b", "c")) {
            String id = prefix + letter;
            pairs.add(pair(id, categoryId, category));
            boolean kept = !letter.equals("c");
            decisions.add(new FilterDecision(id, categoryId, category, kept ? 0.8 : 0.2, kept,
                    kept ? "keep" : "too_different"));
        }
        write(storage, "generate", shard, PairRowColumns.COLUMNS, emitter -> pairs.forEach(emitter::emit));
        write(storage, "filter", shard, FilterDecisionColumns.COLUMNS, emitter -> {
            emitter.useModel(FILTER_MODEL);
            decisions.forEach(emitter::emit);
        });
        write(storage, "score", shard, JudgeVerdictColumns.COLUMNS, emitter -> verdicts.forEach(emitter::emit));
        Map<String, JudgeVerdict> byPair = new HashMap<>();
        verdicts.forEach(v -> byPair.put(v.pairId(), v));
        write(storage, "select", shard, SelectionRowColumns.COLUMNS,
                new SelectShardWork(decisions, byPair, new Selection(new SelectConfig(3.5, true))));
    }

    private static <T> void write(LocalStageStorage storage, String stage, String shard, ParquetColumns<T> columns,
            ShardWork<T> work) throws Exception {
        RowFormat<T> format = new ParquetRowFormat<>(columns, CompressionCodecName.UNCOMPRESSED);
        new ShardProtocol(new ShardLayout(stage, "parquet"), stage + "-fixture", "test")
                .execute(storage, new ShardId(shard), TaskAttempt.local(), format, work);
    }

    /** The run's config: defaults, output at {@code root}, plus {@code key, value} pairs. */
    public static UnosynthConfig config(Path root, String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        values.put("run.output", root.toString());
        return UnosynthConfig.bind(ConfigValues.of(values));
    }

    /** The effective settings of {@link #config} with the same arguments, in config-file syntax. */
    public static Map<String, String> settings(Path root, String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        values.put("run.output", root.toString());
        ConfigValues bound = ConfigValues.of(values);
        UnosynthConfig.bind(bound);
        return bound.effective();
    }

    public static StageStorage storage(SparkSession spark, Path root) {
        return new HadoopStageStorage(root.toString(), spark.sparkContext().hadoopConfiguration());
    }

    public static String subject(String pairId) {
        return "subject of " + pairId;
    }

    private static PlanRow plan(int categoryId, String category, int index) {
        return new PlanRow(PlanRow.planId(categoryId, index, 0), categoryId, category, index, "subject " + index,
                0, "it on a table", "a diptych", index, "template-v1");
    }

    private static PairRow pair(String id, int categoryId, String category) {
        String[] photos = PHOTOS.get(id);
        return new PairRow(id, id, categoryId, category, subject(id), "a photo of it on a sandy beach", "diptych of "
                + id, 7, 4, 3.5, "flux", "flux=demo", Photos.png(photos[0]), 256, 171, Photos.png(photos[1]), 256,
                171);
    }

    private static JudgeVerdict scored(String id, int categoryId, String category, double finalScore) {
        return new JudgeVerdict(id, categoryId, category, JudgeVerdict.Status.SCORED, "judge-model", "v1",
                List.of(new PartScore("handle", finalScore), new PartScore("rim", 3.0)), 3.0, 3.0, 3.0, finalScore,
                "handle, rim", "differences of " + id, "scores", 10, 100, 20, 3, "", false);
    }

    private static JudgeVerdict unscored(String id, int categoryId, String category) {
        return new JudgeVerdict(id, categoryId, category, JudgeVerdict.Status.UNSCORED, "", "", List.of(), null,
                null, null, null, "", "", "", 0, 0, 0, 0, "", false);
    }
}
