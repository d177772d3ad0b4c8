package io.unosynth.jobs.expand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.expand.CropGeometry;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.ExpandShardWork;
import io.unosynth.core.expand.SubjectRules;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.report.ReportContext;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.spark.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expand stage end to end on the demo models (real networks with random weights) over a small finished run
 * whose three selected pairs have real photos as targets (SmallRun). Test-sized: 32 px references, 2 steps.
 *
 * <p>The demo OWLv2 has random weights, so its scores say nothing about the photos: the configs below set
 * {@code expand.min-area-fraction = 0} (its boxes are one 16/960 grid cell, far below the default 2 %) and
 * {@code expand.min-score = 0} so that detections occur; and they pick the similarity band from the demo models'
 * own cosines (c0011-a: 0.56, -0.04, 0.30; c0001-a: all < 0; c0001-b: 0.55, 0.14, -0.04) so that one run gives
 * N = 3, N = 2 and a pair with no verified reference. N = 4 comes from the crop run.
 */
class ExpandJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SHARDS = {SmallRun.GENERATE_SHARD_CUP, SmallRun.GENERATE_SHARD_PERSON};
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @AfterAll
    static void leaveNoActiveSession() {
        SparkSession.clearActiveSession();
    }

    private static UnosynthConfig config(Path root, String... more) {
        List<String> keys = new ArrayList<>(List.of("expand.max-subjects", "4", "expand.size", "32",
                "expand.steps", "2", "expand.min-score", "0.0", "expand.min-area-fraction", "0",
                "expand.similarity-low", "0.2", "expand.similarity-high", "1"));
        keys.addAll(List.of(more));
        return SmallRun.config(root, keys.toArray(String[]::new));
    }

    private static StageSummary run(Path root, UnosynthConfig config) {
        return ExpandJob.run(spark, SmallRun.storage(spark, root), config, false,
                new PrintStream(new ByteArrayOutputStream(), true));
    }

    private static List<ExpandSet> sets(Path root) throws Exception {
        List<ExpandSet> sets = new ArrayList<>();
        for (String shard : SHARDS) {
            Path part = root.resolve("expand/part-" + shard + ".parquet");
            if (Files.exists(part)) {
                try (ParquetShardReader<ExpandSet> rows = ParquetShardReader.open(part.toString(),
                        new Configuration(), ExpandSetColumns::fromGroup)) {
                    rows.forEach(sets::add);
                }
            }
        }
        return sets;
    }

    /** The run's HTML report, without the pair grid. */
    private static String report(Path root, UnosynthConfig config) throws Exception {
        ReportJob.run(spark, SmallRun.storage(spark, root), config, 0, ReportContext.of(Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true));
        return Files.readString(root.resolve("report/index.html"));
    }

    /** Every file of the stage but the markers (they hold timings), by relative path. */
    private static Map<String, byte[]> outputs(Path root) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        Path stage = root.resolve("expand");
        try (Stream<Path> all = Files.walk(stage)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String relative = stage.relativize(file).toString();
                if (!relative.startsWith(ShardLayout.MARKERS) && !relative.startsWith(".")
                        && !relative.contains("/.")) {
                    files.put(relative, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    @Test
    void regeneratesSetsOfSeveralSizesExportsEachSizeAndCountsWhatGaveNoSet() throws Exception {
        SmallRun.write(root);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StageSummary summary = ExpandJob.run(spark, SmallRun.storage(spark, root), config(root), false,
                new PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("[expand] funnel: 3 pairs -> "
                + "3 with detections -> 3 with subjects chosen -> 9 references made -> 3 verified -> 2 sets "
                + "(N=2: 1, N=3: 1)");

        assertThat(summary.shards()).isEqualTo(2);
        assertThat(summary.rowsIn()).as("the selected pairs").isEqualTo(3);
        assertThat(summary.rowsOut()).isEqualTo(2);
        assertThat(summary.failures()).isEqualTo(Map.of(ExpandShardWork.NO_VERIFIED_REFERENCE, 1L,
                ExpandShardWork.SIMILARITY_OUT_OF_BAND, 6L));
        assertThat(summary.models()).anyMatch(m -> m.startsWith("s2i=demo:flux"))
                .anyMatch(m -> m.startsWith("owl=")).anyMatch(m -> m.startsWith("dino="));

        Map<String, ExpandSet> byId = new TreeMap<>();
        sets(root).forEach(s -> byId.put(s.setId(), s));
        assertThat(byId).containsOnlyKeys("c0011-a-m", "c0001-b-m");
        ExpandSet three = byId.get("c0011-a-m");
        assertThat(three.n()).isEqualTo(3);
        assertThat(three.similarities()).hasSize(2).allMatch(s -> s >= 0.2);
        assertThat(three.referencePngs().get(0)).isEqualTo(Photos.png(SmallRun.PHOTOS.get("c0011-a")[0]));
        assertThat(three.targetPng()).isEqualTo(Photos.png(SmallRun.PHOTOS.get("c0011-a")[1]));
        assertThat(ImageCodec.decode(three.referencePngs().get(1), "ref2").width()).isEqualTo(32);
        assertThat(byId.get("c0001-b-m").n()).isEqualTo(2);

        // The report's expand section: the same funnel, and each set with its boxes and similarities.
        String html = report(root, config(root));
        assertThat(html).contains("<section id=\"expand\">")
                .contains("<tr><td>references made</td><td class=\"count\">9</td></tr>")
                .contains("<tr><td>references verified</td><td class=\"count\">3</td></tr>")
                .contains("<tr><td>sets with N = 2</td><td class=\"count\">1</td></tr>")
                .contains("<tr><td>sets with N = 3</td><td class=\"count\">1</td></tr>")
                .contains("<b>c0011-a-m</b> &middot; N = 3").contains("<b>c0001-b-m</b> &middot; N = 2")
                .contains(String.format(java.util.Locale.ROOT, "<td class=\"count\">%.3f</td></tr>",
                        three.similarities().get(1)))
                .containsPattern("<tr><td>expand</td><td>[^<]*</td><td><code>"
                        + ExpandShardWork.SIMILARITY_OUT_OF_BAND + "</code>");
        assertThat(java.util.regex.Pattern.compile("<rect class=\"box\"").matcher(html).results().count())
                .as("one box per extra subject").isEqualTo(3);

        Path stage = root.resolve("expand");
        assertThat(stage.resolve("uno_train_n2.json")).exists();
        assertThat(stage.resolve("uno_train_n3.json")).exists();
        assertThat(stage.resolve("uno_train_n4.json")).doesNotExist();
        JsonNode n3 = JSON.readTree(stage.resolve("uno_train_n3.json").toFile());
        assertThat(n3).hasSize(1);
        assertThat(n3.get(0).get("image_paths")).hasSize(3);
        for (JsonNode path : n3.get(0).get("image_paths")) {
            assertThat(stage.resolve(path.asText())).exists();
        }
        assertThat(Files.readAllBytes(stage.resolve(n3.get(0).get("image_paths").get(1).asText())))
                .isEqualTo(three.referencePngs().get(1));
        assertThat(JSON.readTree(stage.resolve("uno_train_n2.json").toFile()).get(0).get("image_tgt_path").asText())
                .isEqualTo("images/c0001-b-m_tgt.png");
        List<String> table = Files.readAllLines(stage.resolve("uno_1m_multi.jsonl"));
        assertThat(table).hasSize(2);
        assertThat(JSON.readTree(table.get(1)).get("caption").get("subject")).hasSize(3);

        // Resumable: a lost shard is redone alone, to the same bytes; a rerun with nothing to do changes nothing.
        Map<String, byte[]> first = outputs(root);
        ShardLayout layout = new ShardLayout(ExpandJob.STAGE, "parquet");
        Files.delete(root.resolve(layout.markerFile(new ShardId(SmallRun.GENERATE_SHARD_CUP))));
        Files.delete(root.resolve(layout.dataFile(new ShardId(SmallRun.GENERATE_SHARD_CUP))));
        StageSummary resumed = run(root, config(root));
        assertThat(resumed.shardsRunNow()).isEqualTo(1);
        assertThat(outputs(root)).containsExactlyEntriesOf(first);
        assertThat(run(root, config(root)).shardsRunNow()).isZero();

        // Byte-identical in a fresh run with another partitioning.
        Path again = root.resolve("again");
        SmallRun.write(again);
        run(again, config(again, "run.partitions", "1"));
        assertThat(outputs(again)).containsExactlyEntriesOf(first);

        // A training file of a count no set has any more is removed (here: a stale one left by hand).
        Files.writeString(root.resolve("expand/uno_train_n4.json"), "[]");
        run(root, config(root));
        assertThat(root.resolve("expand/uno_train_n4.json")).doesNotExist();
    }

    @Test
    void cropReferencesAreTheCropsAndATargetWithoutUsableDetectionGivesNoSet() throws Exception {
        SmallRun.write(root);
        StageSummary summary = run(root, config(root, "expand.reference", "crop"));
        assertThat(summary.rowsOut()).isEqualTo(3);
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.models()).noneMatch(m -> m.startsWith("s2i="));
        List<ExpandSet> sets = sets(root);
        assertThat(sets).extracting(ExpandSet::n).containsOnly(4);
        for (ExpandSet set : sets) {
            assertThat(set.referenceKind()).isEqualTo("crop");
            assertThat(set.similarities()).isEmpty();
            RgbImage target = ImageCodec.decode(set.targetPng(), "target");
            for (int i = 1; i < set.n(); i++) {
                RgbImage crop = new CropGeometry(0.1, 32).around(set.boxes().get(i - 1), target.width(),
                        target.height()).apply(target);
                assertThat(ImageCodec.decode(set.referencePngs().get(i), "crop")).isEqualTo(crop);
            }
        }
        assertThat(root.resolve("expand/uno_train_n4.json")).exists();
        JsonNode n4 = JSON.readTree(root.resolve("expand/uno_train_n4.json").toFile());
        assertThat(n4).hasSize(3);
        String html = report(root, config(root, "expand.reference", "crop"));
        assertThat(html).contains("<tr><td>sets with N = 4</td><td class=\"count\">3</td></tr>")
                .contains("&middot; references crop</span>");
        assertThat(java.util.regex.Pattern.compile("<rect class=\"box\"").matcher(html).results().count())
                .as("3 sets of 3 extra subjects").isEqualTo(9);

        // The demo detector's best scores are ~0.98: above 0.99 nothing is detected, and nothing is invented.
        Path strict = root.resolve("strict");
        SmallRun.write(strict);
        StageSummary none = run(strict, config(strict, "expand.reference", "crop", "expand.min-score", "0.99"));
        assertThat(none.rowsIn()).isEqualTo(3);
        assertThat(none.rowsOut()).isZero();
        assertThat(none.failures()).isEqualTo(Map.of(SubjectRules.NO_DETECTION, 3L));
        assertThat(sets(strict)).isEmpty();
        assertThat(strict.resolve("expand/uno_train_n2.json")).doesNotExist();
        assertThat(report(strict, config(strict, "expand.reference", "crop", "expand.min-score", "0.99")))
                .contains("<tr><td>pairs with detections</td><td class=\"count\">0</td></tr>")
                .contains("<tr><td>sets</td><td class=\"count\">0</td></tr>").contains("No sets.")
                .containsPattern("<tr><td>expand</td><td>[^<]*</td><td><code>" + SubjectRules.NO_DETECTION
                        + "</code>");
    }
}
