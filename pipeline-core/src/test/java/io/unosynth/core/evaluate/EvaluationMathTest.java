package io.unosynth.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationMathTest {
    private static final EvaluationPrompt DOG_BEACH = new EvaluationPrompt(List.of("dog"), "a dog on a beach", "dog");
    private static final EvaluationPrompt DOG_SNOW = new EvaluationPrompt(List.of("dog"), "a dog in snow", "dog");
    private static final EvaluationPrompt PAIR = new EvaluationPrompt(List.of("dog", "mug"), "a dog and a mug",
            "dog+mug");

    @Test
    void cosineIsScaleFreeAndZeroForAZeroVector() {
        assertThat(EvaluationScores.cosine(new float[] {1, 0}, new float[] {5, 0})).isEqualTo(1.0);
        assertThat(EvaluationScores.cosine(new float[] {1, 0}, new float[] {0, 2})).isEqualTo(0.0);
        assertThat(EvaluationScores.cosine(new float[] {1, 1}, new float[] {-1, -1})).isCloseTo(-1.0, within(1e-12));
        assertThat(EvaluationScores.cosine(new float[] {3, 4}, new float[] {4, 3})).isCloseTo(24.0 / 25, within(1e-12));
        assertThat(EvaluationScores.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
        assertThatThrownBy(() -> EvaluationScores.cosine(new float[2], new float[3]))
                .hasMessageContaining("Invalid vectors for cosine: lengths 2 and 3");
    }

    @Test
    void imageScoresAverageOverPhotosThenOverSubjects() {
        float[] generated = {1, 0};
        // subject A: photos at cosine 1 and 0 -> 0.5; subject B: one photo at cosine -1 -> -1; average -0.25
        List<float[][]> real = List.of(new float[][] {{2, 0}, {0, 3}}, new float[][] {{-1, 0}});
        EvaluationScores scores = EvaluationScores.of(generated, real, new float[] {0, 1}, List.<float[][]>of(
                new float[][] {{0, 1}}), new float[] {1, 1});
        assertThat(scores.dino()).isCloseTo(-0.25, within(1e-12));
        assertThat(scores.clipI()).isCloseTo(1.0, within(1e-12));
        assertThat(scores.clipT()).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void summaryMeansPerSubjectPerPromptAndOverall() {
        List<EvaluationMetricRow> rows = List.of(
                new EvaluationMetricRow("dog", DOG_BEACH.prompt(), 0, 1, 0.2, 0.4, 0.1),
                new EvaluationMetricRow("dog", DOG_BEACH.prompt(), 1, 2, 0.4, 0.6, 0.3),
                new EvaluationMetricRow("dog", DOG_SNOW.prompt(), 0, 3, 0.6, 0.8, 0.5),
                new EvaluationMetricRow("dog+mug", PAIR.prompt(), 0, 4, 1.0, 0.0, 0.3));
        EvaluationSummary summary = EvaluationSummary.of(rows);
        assertThat(summary.perSubject()).containsOnlyKeys("dog", "dog+mug");
        EvaluationSummary.Means dog = summary.perSubject().get("dog");
        assertThat(dog.dino()).isCloseTo(0.4, within(1e-12));
        assertThat(dog.clipI()).isCloseTo(0.6, within(1e-12));
        assertThat(dog.clipT()).isCloseTo(0.3, within(1e-12));
        assertThat(dog.images()).isEqualTo(3);
        assertThat(summary.perPrompt().get(EvaluationSummary.promptKey("dog", "a dog on a beach")))
                .isEqualTo(new EvaluationSummary.Means(0.30000000000000004, 0.5, 0.2, 2));
        assertThat(summary.mean().dino()).isCloseTo(0.55, within(1e-12));
        assertThat(summary.mean().images()).isEqualTo(4);
    }

    @Test
    void seedsDependOnlyOnSubjectPromptAndK() {
        List<EvaluationSample> samples = EvaluationSample.plan(List.of(DOG_BEACH, DOG_SNOW), 2, 7);
        assertThat(samples).extracting(EvaluationSample::k).containsExactly(0, 1, 0, 1);
        assertThat(samples).extracting(EvaluationSample::seed).doesNotHaveDuplicates();
        // the same (subject, prompt, k) planned alone, or after other prompts, keeps its seed
        assertThat(EvaluationSample.plan(List.of(DOG_SNOW), 2, 7).get(1).seed()).isEqualTo(samples.get(3).seed());
        assertThat(EvaluationSample.seed(7, "dog", "a dog in snow", 1)).isEqualTo(samples.get(3).seed());
        assertThat(EvaluationSample.seed(8, "dog", "a dog in snow", 1)).isNotEqualTo(samples.get(3).seed());
        assertThat(EvaluationSample.seed(7, "cat", "a dog in snow", 1)).isNotEqualTo(samples.get(3).seed());
    }

    @Test
    void promptsTableParsesSingleAndMultiSubjectRows() {
        List<EvaluationPrompt> prompts = EvaluationSet.parsePrompts("""
                subject\tprompt\tclass
                dog\ta dog on a beach\tdog

                dog+mug\ta dog and a mug\tdog+mug
                """, "set/prompts.tsv");
        assertThat(prompts).containsExactly(DOG_BEACH, PAIR);
        EvaluationSet set = new EvaluationSet(Map.of("dog", List.of("b.png", "a.jpg"), "mug", List.of("m.png")),
                prompts);
        assertThat(set.photos().get("dog")).containsExactly("a.jpg", "b.png");
        assertThat(set.subjectKeys()).containsExactly("dog", "dog+mug");
        assertThat(set.promptsOf("dog")).containsExactly(DOG_BEACH);
        assertThat(EvaluationSet.isPhoto("x.JPG")).isTrue();
        assertThat(EvaluationSet.isPhoto("notes.txt")).isFalse();
    }

    @Test
    void badSetsFailNamingTheProblem() {
        assertThatThrownBy(() -> EvaluationSet.parsePrompts("subject,prompt,class\n", "s/prompts.tsv"))
                .hasMessageContaining("Invalid evaluation set: s/prompts.tsv: expected the header line");
        assertThatThrownBy(() -> EvaluationSet.parsePrompts("subject\tprompt\tclass\ndog\tonly two\n", "p.tsv"))
                .hasMessageContaining("p.tsv line 2: expected 3 tab-separated fields");
        assertThatThrownBy(() -> new EvaluationSet(Map.of("dog", List.of("a.png")), List.of(PAIR)))
                .hasMessageContaining("names subject 'mug', which has no folder with photos; subjects: [dog]");
        assertThatThrownBy(() -> new EvaluationSet(Map.of("dog", List.of("a.png")), List.of()))
                .hasMessageContaining("prompts.tsv has no prompts");
    }
}
