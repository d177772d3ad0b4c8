package io.unosynth.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.JudgeVerdicts;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path exportDir;

    private final List<ExportPair> selected = List.of(
            new ExportPair(PairFixtures.pair("c0007-subj000-scn00", Photos.COFFEE, Photos.CHELSEA),
                    JudgeVerdicts.scored(PairFixtures.pair("c0007-subj000-scn00", Photos.COFFEE, Photos.CHELSEA),
                            "m", "v", 4.0)),
            exportPair("c0007-subj000-scn01", Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT, 3.5),
            exportPair("c0012-subj003-scn07", Photos.ROCKET, Photos.ASTRONAUT, 3.5));

    private static ExportPair exportPair(String id, String reference, String target, double score) {
        PairRow pair = PairFixtures.pair(id, reference, target);
        return new ExportPair(pair, JudgeVerdicts.scored(pair, "m", "v", score));
    }

    /** The export folder on disk, as the jobs' sink over a Hadoop file system would be. */
    private OutputStream create(String relative) throws IOException {
        Path file = exportDir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.newOutputStream(file);
    }

    @Test
    void unoJsonPathsResolveRelativeToTheJsonAndEveryPairAppearsOnce() throws IOException {
        List<UnoTrainingJson.Entry> entries = new ArrayList<>();
        for (ExportPair pair : selected) {
            ExportImages.write(pair, this::create);
            entries.add(UnoTrainingJson.entry(pair));
        }
        Path jsonFile = exportDir.resolve(UnoTrainingJson.FILE_NAME);
        try (OutputStream out = Files.newOutputStream(jsonFile)) {
            UnoTrainingJson.write(entries, out);
        }

        JsonNode root = JSON.readTree(jsonFile.toFile());
        assertThat(root.isArray()).isTrue();
        assertThat(root.size()).isEqualTo(selected.size());
        Set<Path> targets = new TreeSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            ExportPair expected = selected.get(i);
            assertThat(entry.fieldNames()).toIterable().containsExactly("prompt", "image_paths", "image_tgt_path");
            assertThat(entry.get("prompt").asText()).isEqualTo("a close-up photo of the white ceramic coffee cup on a "
                    + "wooden kitchen table, in soft morning light");
            assertThat(entry.get("image_paths").size()).isEqualTo(1);
            Path reference = jsonFile.getParent().resolve(entry.get("image_paths").get(0).asText());
            Path target = jsonFile.getParent().resolve(entry.get("image_tgt_path").asText());
            assertThat(Path.of(entry.get("image_tgt_path").asText()).isAbsolute()).isFalse();
            assertThat(Files.readAllBytes(reference)).isEqualTo(expected.pair().referencePng());
            assertThat(Files.readAllBytes(target)).isEqualTo(expected.pair().targetPng());
            assertThat(ImageCodec.decode(Files.readAllBytes(target), target.toString()).width()).isEqualTo(256);
            targets.add(target);
        }
        assertThat(targets).as("one target per selected pair").hasSize(selected.size());
        try (var files = Files.list(exportDir.resolve(ExportLayout.IMAGES_DIR))) {
            assertThat(files.count()).isEqualTo(2L * selected.size());
        }
    }

    @Test
    void aPairWrittenTwiceIsRefused() {
        List<UnoTrainingJson.Entry> twice = List.of(UnoTrainingJson.entry(selected.get(0)),
                UnoTrainingJson.entry(selected.get(1)), UnoTrainingJson.entry(selected.get(0)));
        assertThatThrownBy(() -> UnoTrainingJson.write(twice, new ByteArrayOutputStream()))
                .hasMessage("Cannot export pair c0007-subj000-scn00 twice to uno_train.json");
        List<Uno1mJsonLines.Row> rows = List.of(Uno1mJsonLines.row(selected.get(2)),
                Uno1mJsonLines.row(selected.get(2)));
        assertThatThrownBy(() -> Uno1mJsonLines.write(rows, new ByteArrayOutputStream()))
                .hasMessage("Cannot export pair c0012-subj003-scn07 twice to uno_1m.jsonl");
    }

    @Test
    void uno1mRowsCarryCaptionsPartScoresAndFinalScore() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Uno1mJsonLines.write(selected.stream().map(Uno1mJsonLines::row).toList(), out);

        List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("img_path1").asText()).isEqualTo("images/c0007-subj000-scn00_ref.png");
        assertThat(first.get("img_path2").asText()).isEqualTo("images/c0007-subj000-scn00_tgt.png");
        JsonNode caption = first.get("caption");
        assertThat(caption.get("img_path1").asText()).isEqualTo("a white ceramic coffee cup");
        assertThat(caption.get("img_path2").asText()).startsWith("a close-up photo of the white ceramic coffee cup");
        assertThat(caption.get("judgment").asText()).isEqualTo("The handle is <thinner>.");
        assertThat(caption.get("subject").get(0).asText()).isEqualTo("a white ceramic coffee cup");
        JsonNode cot = first.get("vlm_filter_cot");
        assertThat(cot.get("score_part").get("body").asDouble()).isEqualTo(4.0);
        assertThat(cot.get("score_part").get("handle").asDouble()).isEqualTo(4.0);
        assertThat(cot.get("score_final").asDouble()).isEqualTo(4.0);
        assertThat(JSON.readTree(lines.get(2)).get("vlm_filter_cot").get("score_final").asDouble()).isEqualTo(3.5);
    }

    @Test
    void anUnscoredPairHasANullFinalScoreNotZero() throws IOException {
        PairRow pair = PairFixtures.pair("u1", Photos.COFFEE, Photos.COFFEE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Uno1mJsonLines.write(List.of(Uno1mJsonLines.row(new ExportPair(pair, JudgeVerdict.unscored(pair)))), out);
        JsonNode row = JSON.readTree(out.toByteArray());
        assertThat(row.get("vlm_filter_cot").get("score_final").isNull()).isTrue();
        assertThat(row.get("vlm_filter_cot").get("score_part").size()).isZero();
    }

    @Test
    void unsafePairIdsAndMismatchedVerdictsAreRefused() {
        assertThatThrownBy(() -> ExportLayout.referencePath("../etc/passwd"))
                .hasMessageContaining("Invalid pair id for export: '../etc/passwd'");
        assertThatThrownBy(() -> ExportLayout.targetPath(".hidden")).hasMessageContaining("'.hidden'");
        PairRow a = PairFixtures.pair("a", Photos.COFFEE, Photos.COFFEE);
        PairRow b = PairFixtures.pair("b", Photos.COFFEE, Photos.COFFEE);
        assertThatThrownBy(() -> new ExportPair(a, JudgeVerdict.unscored(b)))
                .hasMessage("Invalid export pair: pair a with the verdict of b");
    }

    @Test
    void targetCaptionsNameTheSubject() {
        assertThat(TargetCaption.of("A red mug", "a photo of it on a beach"))
                .isEqualTo("a photo of the red mug on a beach");
        assertThat(TargetCaption.of("red mug", "It sits by the window, with its lid open"))
                .isEqualTo("the red mug sits by the window, with its lid open");
        assertThat(TargetCaption.of("red mug", "on a rainy street at night"))
                .isEqualTo("red mug, on a rainy street at night");
    }
}
