package io.unosynth.runtime.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.config.EvaluateConfig;
import io.unosynth.core.evaluate.EvaluationMetricRow;
import io.unosynth.core.evaluate.EvaluationPrompt;
import io.unosynth.core.evaluate.EvaluationSet;
import io.unosynth.core.evaluate.EvaluationSetDirectory;
import io.unosynth.core.evaluate.EvaluationSetFixture;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.sampling.SampleRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate stage's per-subject work on the demo models and the committed miniature evaluation set. */
class SubjectEvaluatorTest {
    static final EvaluateConfig CONFIG = new EvaluateConfig("", 2, 11, 64, 2, 4.0, 1, "dino-v1", "clip-vision",
            "clip-text-projected");

    @TempDir
    static Path directory;

    private static ModelSet models;
    private static EvaluationSetDirectory setDirectory;
    private static EvaluationSet set;

    @BeforeAll
    static void open() {
        models = new ModelSet(DemoContracts.loader(DemoContracts.write(directory), Map.of()), ModelNames.DEFAULT,
                List.of(), new BatchSize(2));
        setDirectory = new EvaluationSetDirectory(EvaluationSetFixture.copyTo(directory.resolve("set")));
        set = setDirectory.load();
    }

    @AfterAll
    static void close() {
        models.close();
    }


    private static SubjectEvaluator evaluator() {
        return new SubjectEvaluator(models.sampler(SubjectEvaluator.samplerParams(CONFIG)), models.dinoV1(),
                models.clipVision(), models.clipTextProjected(), CONFIG);
    }

    @Test
    void metricsEqualCosinesComputedByHandFromTheSameEmbeddings() {
        assertThat(set.subjectKeys()).containsExactly("cat", "cat+mug", "mug");
        for (String key : set.subjectKeys()) {
            List<EvaluationPrompt> prompts = set.promptsOf(key);
            List<EvaluationMetricRow> rows = evaluator().evaluate(prompts, subject -> setDirectory.photos(set,
                    subject));
            assertThat(rows).hasSize(prompts.size() * CONFIG.imagesPerPrompt());
            int row = 0;
            for (EvaluationPrompt prompt : prompts) {
                // regenerate independently: the same seeds, the first photo of each subject as reference
                List<RgbImage> references = new ArrayList<>();
                prompt.subjects().forEach(subject -> references.add(setDirectory.photos(set, subject).get(0)));
                for (int k = 0; k < CONFIG.imagesPerPrompt(); k++) {
                    EvaluationMetricRow metrics = rows.get(row++);
                    assertThat(metrics.subjects()).isEqualTo(key);
                    assertThat(metrics.prompt()).isEqualTo(prompt.prompt());
                    assertThat(metrics.k()).isEqualTo(k);
                    RgbImage image = models.sampler(SubjectEvaluator.samplerParams(CONFIG)).sample(List.of(
                            new SampleRequest(prompt.prompt(), metrics.seed(), 64, 64, references))).get(0);
                    float[] dino = models.dinoV1().embed(List.of(image))[0];
                    float[] clip = models.clipVision().embed(List.of(image))[0];
                    float[] text = models.clipTextProjected().embed(List.of(prompt.prompt()))[0];
                    double dinoSum = 0;
                    double clipSum = 0;
                    for (String subject : prompt.subjects()) {
                        List<RgbImage> real = setDirectory.photos(set, subject);
                        dinoSum += meanCosine(dino, models.dinoV1().embed(real));
                        clipSum += meanCosine(clip, models.clipVision().embed(real));
                    }
                    int subjects = prompt.subjects().size();
                    assertThat(metrics.dino()).isCloseTo(dinoSum / subjects, within(1e-5));
                    assertThat(metrics.clipI()).isCloseTo(clipSum / subjects, within(1e-5));
                    assertThat(metrics.clipT()).isCloseTo(cosineByHand(clip, text), within(1e-5));
                    assertThat(metrics.dino()).isBetween(-1.0, 1.0).isNotZero();
                }
            }
        }
    }

    @Test
    void rerunningGivesIdenticalRowsAndSeedsDoNotDependOnOtherPrompts() {
        List<EvaluationPrompt> cat = set.promptsOf("cat");
        List<EvaluationMetricRow> first = evaluator().evaluate(cat, subject -> setDirectory.photos(set, subject));
        List<EvaluationMetricRow> again = evaluator().evaluate(cat, subject -> setDirectory.photos(set, subject));
        assertThat(again).isEqualTo(first);
        List<EvaluationMetricRow> secondAlone = evaluator().evaluate(cat.subList(1, 2),
                subject -> setDirectory.photos(set, subject));
        assertThat(secondAlone).isEqualTo(first.subList(CONFIG.imagesPerPrompt(), 2 * CONFIG.imagesPerPrompt()));
    }

    private static double meanCosine(float[] generated, float[][] real) {
        double sum = 0;
        for (float[] photo : real) {
            sum += cosineByHand(generated, photo);
        }
        return sum / real.length;
    }

    private static double cosineByHand(float[] a, float[] b) {
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
