package io.unosynth.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.evaluate.EvaluationMetricRow;
import io.unosynth.core.evaluate.EvaluationPrompt;
import io.unosynth.core.evaluate.EvaluationSet;
import io.unosynth.core.evaluate.EvaluationSetDirectory;
import io.unosynth.core.evaluate.EvaluationSetFixture;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.spark.LocalSpark;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.evaluate.SubjectEvaluator;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.sampling.SampleRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate stage end to end on the demo models (built-in demo: locations) and the miniature evaluation set. */
class EvaluateJobTest {
    private static SparkSession spark;

    @TempDir
    static Path tmp;

    private static Path set;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        set = EvaluationSetFixture.copyTo(tmp.resolve("set"));
    }

    @Test
    void metricsEqualCosinesOfTheSameEmbeddingsComputedInTheTest() throws IOException {
        Path out = tmp.resolve("run");
        StageSummary summary = run(out, "2", false);
        assertThat(summary.shards()).isEqualTo(3);
        assertThat(summary.failures()).isEmpty();
        assertThat(spark.read().parquet(out.resolve("evaluate").toString()).columns()).containsExactly("subjects",
                "prompt", "k", "seed", "dino", "clip_i", "clip_t");

        UnosynthConfig config = config(out, "2");
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        List<EvaluationMetricRow> rows = EvaluateJob.readRows(storage(config), hadoop);
        assertThat(rows).extracting(EvaluationMetricRow::subjects).containsExactly("cat", "cat", "cat+mug", "mug",
                "mug");
        EvaluationSetDirectory directory = new EvaluationSetDirectory(set);
        EvaluationSet loaded = directory.load();
        try (ModelSet models = new ModelSet(ModelLoader.create(config.models(), new HadoopRemoteFiles(hadoop),
                config.run().seed()), ModelNames.DEFAULT, List.of(), new BatchSize(2))) {
            for (EvaluationMetricRow row : rows) {
                EvaluationPrompt prompt = loaded.promptsOf(row.subjects()).stream()
                        .filter(p -> p.prompt().equals(row.prompt())).findFirst().orElseThrow();
                List<RgbImage> references = new ArrayList<>();
                prompt.subjects().forEach(subject -> references.add(directory.photos(loaded, subject).get(0)));
                RgbImage image = models.sampler(SubjectEvaluator.samplerParams(config.evaluate())).sample(List.of(
                        new SampleRequest(row.prompt(), row.seed(), 64, 64, references))).get(0);
                float[] dino = models.dinoV1().embed(List.of(image))[0];
                float[] clip = models.clipVision().embed(List.of(image))[0];
                double dinoSum = 0;
                double clipSum = 0;
                for (String subject : prompt.subjects()) {
                    List<RgbImage> real = directory.photos(loaded, subject);
                    dinoSum += meanCosine(dino, models.dinoV1().embed(real));
                    clipSum += meanCosine(clip, models.clipVision().embed(real));
                }
                assertThat(row.dino()).isCloseTo(dinoSum / prompt.subjects().size(), within(1e-5));
                assertThat(row.clipI()).isCloseTo(clipSum / prompt.subjects().size(), within(1e-5));
                assertThat(row.clipT()).isCloseTo(cosine(clip, models.clipTextProjected().embed(
                        List.of(row.prompt()))[0]), within(1e-5));
            }
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluate").resolve(EvaluateJob.SUMMARY_FILE)
                .toFile());
        double meanDino = rows.stream().mapToDouble(EvaluationMetricRow::dino).average().orElseThrow();
        assertThat(json.get("mean").get("dino").asDouble()).isCloseTo(meanDino, within(1e-12));
        assertThat(json.get("mean").get("images").asInt()).isEqualTo(5);
        assertThat(json.get("perSubject").get("cat").get("images").asInt()).isEqualTo(2);
        assertThat(json.get("perPrompt").has("cat+mug | a cat next to a mug")).isTrue();
    }

    @Test
    void outputIsByteIdenticalWhateverThePartitioningAndAResumeRedoesOnlyTheMissingShard() throws IOException {
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        run(one, "1", false);
        run(two, "2", false);
        Map<String, String> digests = digests(one);
        assertThat(digests).hasSize(4);
        assertThat(digests(two)).isEqualTo(digests);

        Path stage = two.resolve("evaluate");
        try (Stream<Path> files = Files.list(stage)) {
            Path mug = files.filter(f -> f.getFileName().toString().contains("mug") && f.toString().endsWith(
                    ".parquet") && !f.getFileName().toString().contains("cat")).findFirst().orElseThrow();
            Files.delete(mug);
        }
        try (Stream<Path> markers = Files.list(stage.resolve("_shards"))) {
            for (Path marker : markers.filter(f -> f.getFileName().toString().startsWith("s0002")).toList()) {
                Files.delete(marker);
            }
        }
        StageSummary resumed = run(two, "2", false);
        assertThat(resumed.shardsRunNow()).isEqualTo(1);
        assertThat(digests(two)).isEqualTo(digests);
    }

    @Test
    void withoutAnEvaluationSetTheStageSaysWhichKeyToSet() {
        UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(new ConfigEntry("run.output",
                tmp.resolve("none").toString(), "test")));
        assertThatThrownBy(() -> EvaluateJob.run(spark, storage(config), config, false, quiet()))
                .hasMessageContaining("Cannot run evaluate: no evaluation set (set evaluate.set");
    }

    private static StageSummary run(Path out, String partitions, boolean force) {
        UnosynthConfig config = config(out, partitions);
        return EvaluateJob.run(spark, storage(config), config, force, quiet());
    }

    private static UnosynthConfig config(Path out, String partitions) {
        Map<String, String> keys = Map.of("run.output", out.toString(), "run.partitions", partitions,
                "evaluate.set", set.toString(), "evaluate.images-per-prompt", "1", "evaluate.resolution", "64",
                "evaluate.steps", "2", "evaluate.seed", "5");
        List<ConfigEntry> entries = new ArrayList<>();
        keys.forEach((key, value) -> entries.add(new ConfigEntry(key, value, "test")));
        return UnosynthConfig.load(List.of(), entries);
    }

    private static StageStorage storage(UnosynthConfig config) {
        return new HadoopStageStorage(config.run().output(), spark.sparkContext().hadoopConfiguration());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /** sha256 of every Parquet file and the summary, by name. */
    private static Map<String, String> digests(Path out) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(out.resolve("evaluate"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".parquet")
                    || f.getFileName().toString().equals(EvaluateJob.SUMMARY_FILE)).toList()) {
                try {
                    digests.put(file.getFileName().toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return digests;
    }

    private static double meanCosine(float[] generated, float[][] real) {
        double sum = 0;
        for (float[] photo : real) {
            sum += cosine(generated, photo);
        }
        return sum / real.length;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
