package io.unosynth.runtime.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import io.unosynth.runtime.demo.OrtRunner.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo tokenizer.json files load in DJL's Hugging Face binding, offline, and feed the demo text models. */
class DemoTokenizersTest {
    private static final String PROMPT = "A photo of a red dog sitting on the beach, with text \"UNO 42\"!";

    @TempDir
    static Path directory;

    private static DemoBundle bundle;

    @BeforeAll
    static void writeBundle() {
        // Offline mode makes any attempt to download the native library fail; it must come from the jar.
        System.setProperty("ai.djl.offline", "true");
        bundle = DemoModels.write(directory.resolve("demo"), 3);
    }

    @Test
    void clipTokenizerWrapsTextInStartAndEndAndPadsTo77() throws IOException {
        ClipTokenizerJson vocabulary = new ClipTokenizerJson();
        Path file = bundle.tokenizer(DemoModel.CLIP_TEXT);
        try (HuggingFaceTokenizer tokenizer = padded(file, DemoModels.CLIP_LENGTH)) {
            Encoding encoding = tokenizer.encode(PROMPT);
            long[] ids = encoding.getIds();
            assertThat(ids).hasSize(DemoModels.CLIP_LENGTH);
            assertThat(ids[0]).isEqualTo(vocabulary.startTokenId());
            assertThat(encoding.getTokens())
                    .contains("dog</w>", "beach</w>", "red</w>", "photo</w>", "text</w>", "4</w>");
            // lowercased, byte-level: every character is representable, so no end token inside the text
            int end = firstIndexOf(ids, vocabulary.endTokenId());
            assertThat(end).isGreaterThan(10);
            assertThat(Arrays.stream(ids).max().orElseThrow()).isEqualTo(vocabulary.endTokenId());
            assertThat(encoding.getAttentionMask()[end + 1]).isZero();
        }
    }

    @Test
    void t5TokenizerEndsWithEosAndPadsTo512() throws IOException {
        try (HuggingFaceTokenizer tokenizer = padded(bundle.tokenizer(DemoModel.T5_TEXT), DemoModels.T5_LENGTH)) {
            Encoding encoding = tokenizer.encode(PROMPT);
            long[] ids = encoding.getIds();
            assertThat(ids).hasSize(DemoModels.T5_LENGTH);
            assertThat(encoding.getTokens()).contains("\u2581photo", "\u2581dog", "\u2581beach");
            int end = firstIndexOf(ids, 1);
            assertThat(end).isGreaterThan(5);
            assertThat(Arrays.copyOfRange(ids, end + 1, ids.length)).containsOnly(0L);
            assertThat(Arrays.copyOf(ids, end)).doesNotContain(0L, 1L);
            assertThat(tokenizer.encode("caf\u00e9 \u2603").getIds()).as("the snowman is unknown").contains(2L);
        }
    }

    @Test
    void detectorTokenizerPadsQueriesWithIdZeroTo16() throws IOException {
        try (HuggingFaceTokenizer tokenizer = padded(bundle.tokenizer(DemoModel.DETECTOR),
                DemoModels.DETECTOR_QUERY_LENGTH)) {
            Encoding encoding = tokenizer.encode("a red dog");
            assertThat(encoding.getIds()).hasSize(DemoModels.DETECTOR_QUERY_LENGTH);
            assertThat(encoding.getIds()[DemoModels.DETECTOR_QUERY_LENGTH - 1]).isZero();
            assertThat(tokenizer.encode(PROMPT + PROMPT).getIds()).hasSize(DemoModels.DETECTOR_QUERY_LENGTH);
        }
    }

    @Test
    void tokenizedPromptRunsThroughTheClipAndT5Models() throws IOException, OrtException {
        Path clipFile = bundle.tokenizer(DemoModel.CLIP_TEXT);
        try (HuggingFaceTokenizer clipTokenizer = padded(clipFile, DemoModels.CLIP_LENGTH);
             HuggingFaceTokenizer t5Tokenizer = padded(bundle.tokenizer(DemoModel.T5_TEXT), DemoModels.T5_LENGTH);
             OrtRunner clip = new OrtRunner(bundle.model(DemoModel.CLIP_TEXT));
             OrtRunner t5 = new OrtRunner(bundle.model(DemoModel.T5_TEXT))) {
            long[] clipIds = clipTokenizer.encode(PROMPT).getIds();
            Map<String, Output> clipOut = clip.longs("input_ids", clipIds, 1, DemoModels.CLIP_LENGTH).run();
            int end = firstIndexOf(clipIds, new ClipTokenizerJson().endTokenId());
            float[] atEnd = OrtRunner.row(clipOut.get("text_embeddings").values(), end, DemoModels.CLIP_WIDTH);
            assertThat(clipOut.get("pooled_embeddings").values()).containsExactly(atEnd);

            Output t5Out = t5.longs("input_ids", t5Tokenizer.encode(PROMPT).getIds(), 1, DemoModels.T5_LENGTH).run()
                    .get("text_embeddings");
            assertThat(t5Out.shape()).containsExactly(1, DemoModels.T5_LENGTH, DemoModels.T5_WIDTH);
        }
    }

    @Test
    void everyVocabularyWordIsOneTokenInBothTokenizers() throws IOException {
        try (HuggingFaceTokenizer clip = HuggingFaceTokenizer.newInstance(bundle.tokenizer(DemoModel.CLIP_TEXT));
             HuggingFaceTokenizer t5 = HuggingFaceTokenizer.newInstance(bundle.tokenizer(DemoModel.T5_TEXT))) {
            for (String word : DemoVocabulary.WORDS) {
                assertThat(clip.encode(word).getTokens()).as(word)
                        .containsExactly(ClipTokenizerJson.START, word + "</w>", ClipTokenizerJson.END);
                assertThat(t5.encode(word).getTokens()).as(word).containsExactly("\u2581" + word, "</s>");
            }
        }
    }

    @Test
    void tokenizerFilesAreIdenticalForAnySeed() throws IOException {
        DemoBundle other = DemoModels.write(directory.resolve("other"), 99);
        for (DemoModel model : DemoModel.values()) {
            if (model.hasTokenizer()) {
                assertThat(Files.readString(other.tokenizer(model)))
                        .isEqualTo(Files.readString(bundle.tokenizer(model)));
            }
        }
    }

    private static HuggingFaceTokenizer padded(Path file, int length) throws IOException {
        return HuggingFaceTokenizer.builder().optTokenizerPath(file).optMaxLength(length).optPadToMaxLength()
                .optTruncation(true).build();
    }

    private static int firstIndexOf(long[] ids, long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
