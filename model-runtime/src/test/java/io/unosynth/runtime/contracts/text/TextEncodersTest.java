package io.unosynth.runtime.contracts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.contracts.clip.ClipTextEncoder;
import io.unosynth.runtime.contracts.t5.T5TextEncoder;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import io.unosynth.runtime.demo.DemoModels;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextEncodersTest {
    private static final List<String> PROMPTS = List.of("a photo of a red dog on the beach", "a blue mug");

    @TempDir
    Path directory;

    @Test
    void clipPooledAndT5TokenEmbeddingsHaveTheContractShapes() {
        DemoBundle bundle = DemoContracts.write(directory);
        try (ModelSet models = new ModelSet(DemoContracts.loader(bundle, Map.of()), ModelNames.DEFAULT, List.of(),
                new BatchSize(2))) {
            ClipTextEncoder clip = models.clip();
            PooledEmbeddings pooled = clip.encode(PROMPTS);
            assertThat(clip.length()).isEqualTo(ClipTextEncoder.LENGTH);
            assertThat(pooled.batch()).isEqualTo(2);
            assertThat(pooled.width()).isEqualTo(DemoModels.CLIP_WIDTH);
            assertThat(pooled.row(0)).isNotEqualTo(pooled.row(1));
            assertFinite(pooled.values());

            T5TextEncoder t5 = models.t5();
            TokenEmbeddings tokens = t5.encode(PROMPTS);
            assertThat(tokens.tokens()).isEqualTo(T5TextEncoder.LENGTH);
            assertThat(tokens.width()).isEqualTo(DemoModels.T5_WIDTH);
            assertFinite(tokens.values());

            PromptEmbeddings prompt = models.promptEncoder().encode(PROMPTS);
            assertThat(prompt.tokenEmbeddings()).containsExactly(tokens.values());
            assertThat(prompt.pooled()).containsExactly(pooled.values());
            assertThat(prompt.pooledWidth()).isEqualTo(DemoModels.CLIP_WIDTH);
        }
    }

    @Test
    void batchSizeDoesNotChangeTheVectorsAndOrderIsKept() {
        DemoBundle bundle = DemoContracts.write(directory);
        List<String> texts = List.of("a red dog", "a blue mug", "a red dog");
        try (ModelSet ones = new ModelSet(DemoContracts.loader(bundle, Map.of()), ModelNames.DEFAULT, List.of(),
                new BatchSize(1));
             ModelSet threes = new ModelSet(DemoContracts.loader(bundle, Map.of()), ModelNames.DEFAULT, List.of(),
                new BatchSize(3))) {
            PooledEmbeddings single = ones.clip().encode(texts);
            PooledEmbeddings batched = threes.clip().encode(texts);
            assertThat(single.row(0)).isEqualTo(single.row(2));
            for (int i = 0; i < texts.size(); i++) {
                float[] a = single.row(i);
                float[] b = batched.row(i);
                for (int j = 0; j < a.length; j++) {
                    assertThat(b[j]).isCloseTo(a[j], org.assertj.core.api.Assertions.within(1e-5f));
                }
            }
        }
    }

    @Test
    void aTokenizerElsewhereIsFoundThroughTheTokenizerKey() throws IOException {
        DemoBundle bundle = DemoContracts.write(directory);
        Path moved = Files.createDirectories(directory.resolve("tokenizers")).resolve("clip.json");
        Files.move(bundle.tokenizer(DemoModel.CLIP_TEXT), moved);
        try (ModelSet models = new ModelSet(DemoContracts.loader(bundle, Map.of()), ModelNames.DEFAULT, List.of(),
                BatchSize.DEFAULT)) {
            assertThatThrownBy(models::clip)
                    .isInstanceOf(PipelineException.class)
                    .hasMessageContaining("Cannot load tokenizer of model 'clip': no file "
                            + bundle.tokenizer(DemoModel.CLIP_TEXT).toAbsolutePath())
                    .hasMessageContaining("models.clip.tokenizer");
        }
        try (ModelSet models = new ModelSet(DemoContracts.loader(bundle, Map.of("models.clip.tokenizer",
                moved.toString())), ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            assertThat(models.clip().encode(PROMPTS).batch()).isEqualTo(2);
        }
        try (ModelSet models = new ModelSet(DemoContracts.loader(bundle, Map.of("models.clip.tokenizer",
                "../tokenizers/clip.json")), ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            assertThat(models.clip().encode(PROMPTS).batch()).isEqualTo(2);
        }
    }

    @Test
    void aCorruptTokenizerFileIsNamed() throws IOException {
        DemoBundle bundle = DemoContracts.write(directory);
        Files.writeString(bundle.tokenizer(DemoModel.T5_TEXT), "{not json");
        try (ModelSet models = new ModelSet(DemoContracts.loader(bundle, Map.of()), ModelNames.DEFAULT, List.of(),
                BatchSize.DEFAULT)) {
            assertThatThrownBy(models::t5)
                    .hasMessageStartingWith("Cannot load tokenizer of model 't5' from "
                            + bundle.tokenizer(DemoModel.T5_TEXT).toAbsolutePath());
        }
    }

    private static void assertFinite(float[] values) {
        for (float value : values) {
            assertThat(Float.isFinite(value)).isTrue();
        }
    }
}
