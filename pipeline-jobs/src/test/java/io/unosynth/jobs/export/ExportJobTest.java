package io.unosynth.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.image.Photos;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.jobs.spark.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export stage over a small finished run (real photos, pairs selected, not selected and unscored). */
class ExportJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    /** The session stays up for other tests; only this thread's active-session mark is left behind otherwise. */
    @AfterAll
    static void leaveNoActiveSession() {
        SparkSession.clearActiveSession();
    }

    @Test
    void exportsEverySelectedPairOnceWithImagesResolvingRelativeToTheJson() throws Exception {
        SmallRun.write(root);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        StageSummary summary = run(console);

        assertThat(summary.shards()).isEqualTo(2);
        assertThat(summary.rowsOut()).isEqualTo(3);
        Path export = root.resolve("export");
        JsonNode train = JSON.readTree(export.resolve("uno_train.json").toFile());
        assertThat(train).hasSize(3);
        List<String> targets = new ArrayList<>();
        for (JsonNode entry : train) {
            String reference = entry.get("image_paths").get(0).asText();
            String target = entry.get("image_tgt_path").asText();
            String pairId = target.substring("images/".length(), target.length() - "_tgt.png".length());
            targets.add(pairId);
            assertThat(reference).isEqualTo("images/" + pairId + "_ref.png");
            assertThat(entry.get("image_paths")).hasSize(1);
            assertThat(Files.readAllBytes(export.resolve(reference)))
                    .isEqualTo(Photos.png(SmallRun.PHOTOS.get(pairId)[0]));
            assertThat(Files.readAllBytes(export.resolve(target)))
                    .isEqualTo(Photos.png(SmallRun.PHOTOS.get(pairId)[1]));
            assertThat(entry.get("prompt").asText()).isEqualTo("a photo of the " + SmallRun.subject(pairId)
                    + " on a sandy beach");
        }
        assertThat(targets).as("sorted by pair id, each selected pair once").isEqualTo(SmallRun.SELECTED);
        try (Stream<Path> images = Files.list(export.resolve("images"))) {
            assertThat(images).as("only the selected pairs' images").hasSize(2 * SmallRun.SELECTED.size());
        }

        List<String> lines = Files.readAllLines(export.resolve("uno_1m.jsonl"));
        assertThat(lines).hasSize(3);
        Map<String, JsonNode> byPair = new TreeMap<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            String path = node.get("img_path1").asText();
            byPair.put(path.substring("images/".length(), path.length() - "_ref.png".length()), node);
            assertThat(Files.exists(export.resolve(node.get("img_path2").asText()))).isTrue();
        }
        assertThat(byPair.keySet()).containsExactlyElementsOf(SmallRun.SELECTED);
        JsonNode scored = byPair.get("c0011-a");
        assertThat(scored.at("/vlm_filter_cot/score_final").asDouble()).isEqualTo(3.8);
        assertThat(scored.at("/vlm_filter_cot/score_part/handle").asDouble()).isEqualTo(3.8);
        assertThat(scored.at("/caption/judgment").asText()).isEqualTo("differences of c0011-a");
        assertThat(scored.at("/caption/img_path1").asText()).isEqualTo(SmallRun.subject("c0011-a"));
        JsonNode unscored = byPair.get("c0001-b");
        assertThat(unscored.at("/vlm_filter_cot/score_final").isNull()).isTrue();
        assertThat(unscored.at("/vlm_filter_cot/score_part").isEmpty()).isTrue();

        Dataset<Row> parquet = spark.read().parquet(export.resolve("part-*.parquet").toString());
        long selectedInSelect = spark.read().parquet(root.resolve("select").toString()).where("selected").count();
        assertThat(parquet.count()).isEqualTo(selectedInSelect).isEqualTo(3);
        assertThat(parquet.select("pair_id").distinct().count()).isEqualTo(3);
        Row person = parquet.where("pair_id = 'c0001-a'").first();
        assertThat((byte[]) person.getAs("ref_png")).isEqualTo(Photos.png(Photos.ASTRONAUT));
        assertThat((byte[]) person.getAs("tgt_png")).isEqualTo(Photos.png(Photos.CHELSEA));
        assertThat(person.<String>getAs("category")).isEqualTo(SmallRun.PERSON);
        assertThat(person.<Double>getAs("final_score")).isEqualTo(4.0);
        assertThat(person.<String>getAs("ref_path")).isEqualTo("images/c0001-a_ref.png");
        assertThat(parquet.where("pair_id = 'c0001-b'").first().<Double>getAs("final_score")).isNull();
        assertThat(Files.exists(export.resolve("_staging"))).as("no staging debris").isFalse();
    }

    @Test
    void aRerunIsANoOp() throws Exception {
        SmallRun.write(root);
        run(new ByteArrayOutputStream());
        Map<Path, FileTime> before = modificationTimes(root.resolve("export"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        StageSummary again = run(console);

        assertThat(again.shardsRunNow()).isZero();
        assertThat(modificationTimes(root.resolve("export"))).isEqualTo(before);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("uno_train.json: 3 pairs (unchanged)")
                .contains("uno_1m.jsonl: 3 pairs (unchanged)");
    }

    @Test
    void aSelectedPairMissingFromItsGenerateShardFailsTheExportNamingIt() throws Exception {
        SmallRun.write(root);
        Path generate = root.resolve("generate").resolve("part-" + SmallRun.GENERATE_SHARD_CUP + ".parquet");
        Files.copy(root.resolve("generate").resolve("part-" + SmallRun.GENERATE_SHARD_PERSON + ".parquet"),
                generate, StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> run(new ByteArrayOutputStream()))
                .hasMessageContaining("c0011-a")
                .hasMessageContaining("missing from");
        assertThat(Files.exists(root.resolve("export/uno_train.json"))).isFalse();
        assertThat(Files.exists(root.resolve("export/images/c0011-a_ref.png"))).isFalse();
    }

    private StageSummary run(ByteArrayOutputStream console) {
        return ExportJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root), false,
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static Map<Path, FileTime> modificationTimes(Path dir) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                times.put(dir.relativize(file), Files.getLastModifiedTime(file));
            }
        }
        return times;
    }
}
