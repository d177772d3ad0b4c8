package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.export.ExportSink;
import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.core.taxonomy.Taxonomy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shard work over hand-written fakes of the three model seams (the real ones are tested in model-runtime). */
class ExpandShardWorkTest {
    private static final Candidate DOG = new Candidate("dog", 0.8, new PixelBox(100, 100, 200, 200));
    private static final Candidate CAT = new Candidate("cat", 0.7, new PixelBox(300, 20, 420, 140));
    private final Map<String, byte[]> files = new TreeMap<>();
    private final ExportSink sink = path -> new ByteArrayOutputStream() {
        @Override
        public void close() {
            files.put(path, toByteArray());
        }
    };

    /** Answers each call with the next list; records the queries asked. */
    private static final class ScriptedDetector implements SubjectDetector {
        final Deque<List<Candidate>> answers;
        final List<List<String>> asked = new ArrayList<>();

        ScriptedDetector(List<List<Candidate>> answers) {
            this.answers = new ArrayDeque<>(answers);
        }

        @Override
        public String modelId() {
            return "owl=test";
        }

        @Override
        public List<Candidate> detect(RgbImage image, List<String> queries, double minScore) {
            asked.add(queries);
            return answers.pop();
        }
    }

    /** A "regeneration" that is the crop resized to 64 x 64, and records the crops it was given. */
    private static final class ResizingRegenerator implements ReferenceRegenerator {
        final List<RgbImage> crops = new ArrayList<>();
        final List<Long> seeds = new ArrayList<>();

        @Override
        public String modelId() {
            return "s2i=test";
        }

        @Override
        public synchronized RgbImage regenerate(RgbImage crop, String label, long seed) {
            crops.add(crop);
            seeds.add(seed);
            return new Resize(64, 64, ResampleFilter.BILINEAR).apply(crop);
        }
    }

    private static PairSimilarity scripted(double... values) {
        Deque<Double> queue = new ArrayDeque<>();
        for (double v : values) {
            queue.add(v);
        }
        return new PairSimilarity() {
            @Override
            public String modelId() {
                return "dino=test";
            }

            @Override
            public double cosine(RgbImage reference, RgbImage target) {
                return queue.pop();
            }
        };
    }

    private static ExpandConfig config(String reference) {
        return ExpandConfig.from(ConfigValues.of(Map.of("expand.max-subjects", "4", "expand.reference", reference,
                "expand.min-area-fraction", "0.001")));
    }

    private List<PairRow> pairs() {
        return List.of(PairFixtures.pair("a", Photos.COFFEE, Photos.ASTRONAUT),
                PairFixtures.pair("skipped", Photos.COFFEE, Photos.ASTRONAUT),
                PairFixtures.pair("b", Photos.COFFEE, Photos.CHELSEA),
                PairFixtures.pair("c", Photos.COFFEE, Photos.ROCKET));
    }

    @Test
    void regeneratesVerifiesAndCountsWhatGivesNoSet() throws IOException {
        ScriptedDetector detector = new ScriptedDetector(List.of(List.of(DOG, CAT), List.of(), List.of(DOG)));
        ResizingRegenerator regenerator = new ResizingRegenerator();
        ExpandShardWork work = new ExpandShardWork(pairs(), java.util.Set.of("a", "b", "c"), config("regenerate"),
                new DetectorQueries(Taxonomy.objects365(), List.of("dog")),
                new ExpandShardWork.Models(detector, Optional.of(regenerator),
                        Optional.of(scripted(0.7, 0.6, 0.1))), 1L, sink);
        CollectingEmitter<ExpandSet> emitter = new CollectingEmitter<>();
        work.run(emitter);

        assertThat(emitter.inputs()).isEqualTo(3);
        assertThat(emitter.failures()).containsExactlyInAnyOrderEntriesOf(Map.of(SubjectRules.NO_DETECTION, 1,
                ExpandShardWork.SIMILARITY_OUT_OF_BAND, 1, ExpandShardWork.NO_VERIFIED_REFERENCE, 1));
        assertThat(emitter.models()).containsExactlyInAnyOrder("owl=test", "s2i=test", "dino=test");
        assertThat(emitter.rows()).hasSize(1);
        ExpandSet set = emitter.rows().get(0);
        assertThat(set.setId()).isEqualTo("a-m");
        assertThat(set.n()).isEqualTo(3);
        assertThat(set.labels()).containsExactly("dog", "cat");
        assertThat(set.boxes()).containsExactly(DOG.box(), CAT.box());
        assertThat(set.scores()).containsExactly(0.8, 0.7);
        assertThat(set.similarities()).containsExactly(0.7, 0.6);
        assertThat(set.referenceKind()).isEqualTo("regenerate");
        assertThat(set.referencePngs().get(0)).as("the original reference first").isEqualTo(Photos.png(Photos.COFFEE));
        assertThat(set.targetPng()).isEqualTo(Photos.png(Photos.ASTRONAUT));
        // the regenerator got the crops with a 10 % margin: the 100 px dog box -> 120 px
        assertThat(regenerator.crops.get(0).width()).isEqualTo(120);
        assertThat(regenerator.seeds).doesNotHaveDuplicates();
        RgbImage regenerated = ImageCodec.decode(set.referencePngs().get(1), "ref2");
        assertThat(regenerated.width()).isEqualTo(64);
        assertThat(files).containsOnlyKeys("images/a-m_tgt.png", "images/a-m_ref1.png", "images/a-m_ref2.png",
                "images/a-m_ref3.png");
        assertThat(files.get("images/a-m_ref2.png")).isEqualTo(set.referencePngs().get(1));
        // the own category's names come first; the vocabulary is asked too
        assertThat(detector.asked.get(0)).contains("dog");
    }

    @Test
    void cropModeWritesTheCropsAndMeasuresNothing() throws IOException {
        ScriptedDetector detector = new ScriptedDetector(List.of(List.of(DOG, CAT), List.of(), List.of(DOG)));
        ExpandShardWork work = new ExpandShardWork(pairs(), java.util.Set.of("a", "b", "c"), config("crop"),
                new DetectorQueries(Taxonomy.objects365(), List.of()),
                new ExpandShardWork.Models(detector, Optional.empty(), Optional.empty()), 1L, sink);
        CollectingEmitter<ExpandSet> emitter = new CollectingEmitter<>();
        work.run(emitter);
        assertThat(emitter.failures()).isEqualTo(Map.of(SubjectRules.NO_DETECTION, 1));
        assertThat(emitter.rows()).extracting(ExpandSet::n).containsExactly(3, 2);
        ExpandSet first = emitter.rows().get(0);
        assertThat(first.similarities()).isEmpty();
        assertThat(first.referenceKind()).isEqualTo("crop");
        RgbImage target = Photos.load(Photos.ASTRONAUT);
        RgbImage expectedCrop = new CropGeometry(0.1, 32).around(DOG.box(), target.width(), target.height())
                .apply(target);
        assertThat(ImageCodec.decode(first.referencePngs().get(1), "crop")).isEqualTo(expectedCrop);
    }

    @Test
    void exportWritesOneTrainingFilePerReferenceCount() throws IOException {
        List<MultiSubjectExport.Entry> entries = List.of(
                new MultiSubjectExport.Entry("a-m", "a", 2, "the cup on a table", List.of("cup", "dog")),
                new MultiSubjectExport.Entry("b-m", "b", 3, "the lamp", List.of("lamp", "dog", "cat")),
                new MultiSubjectExport.Entry("c-m", "c", 2, "the mug", List.of("mug", "book")));
        Map<String, byte[]> training = MultiSubjectExport.trainingFiles(entries);
        assertThat(training).containsOnlyKeys("uno_train_n2.json", "uno_train_n3.json");
        String n2 = new String(training.get("uno_train_n2.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(n2).contains("\"images/a-m_ref1.png\", \"images/a-m_ref2.png\"", "images/c-m_tgt.png")
                .doesNotContain("b-m");
        String n3 = new String(training.get("uno_train_n3.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(n3).contains("images/b-m_ref3.png");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        MultiSubjectExport.writeTable(entries, table);
        String[] lines = table.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).isEqualTo("{\"set_id\":\"b-m\",\"source_pair_id\":\"b\",\"n\":3,\"img_paths\":"
                + "[\"images/b-m_ref1.png\",\"images/b-m_ref2.png\",\"images/b-m_ref3.png\"],\"img_tgt_path\":"
                + "\"images/b-m_tgt.png\",\"caption\":{\"prompt\":\"the lamp\",\"subject\":[\"lamp\",\"dog\",\"cat\"]}}");
    }
}
