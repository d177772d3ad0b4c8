package io.unosynth.runtime.evaluate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.EvaluateConfig;
import io.unosynth.core.evaluate.EvaluationMetricRow;
import io.unosynth.core.evaluate.EvaluationPrompt;
import io.unosynth.core.evaluate.EvaluationSample;
import io.unosynth.core.evaluate.EvaluationScores;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.clip.ClipImageEmbedder;
import io.unosynth.runtime.contracts.clip.ClipProjectedTextEncoder;
import io.unosynth.runtime.contracts.dino.DinoV1Embedder;
import io.unosynth.runtime.sampling.FlowSchedule;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SampleRequest;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.sampling.UnoPositions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The evaluate stage's work for one subject key (a DreamBench subject, or a multi-subject group): K images per prompt
 * from the model under test, with the first {@code evaluate.references} photos of each subject as UnoPE references,
 * then DINO, CLIP-I and CLIP-T of every image against all real photos of its subjects and its prompt. Rows come out
 * prompt by prompt (table order), k ascending.
 */
public final class SubjectEvaluator {
    private final FluxSampler sampler;
    private final DinoV1Embedder dino;
    private final ClipImageEmbedder clipImage;
    private final ClipProjectedTextEncoder clipText;
    private final EvaluateConfig config;

    public SubjectEvaluator(FluxSampler sampler, DinoV1Embedder dino, ClipImageEmbedder clipImage,
            ClipProjectedTextEncoder clipText, EvaluateConfig config) {
        this.sampler = requireNonNull(sampler, "sampler is null");
        this.dino = requireNonNull(dino, "dino is null");
        this.clipImage = requireNonNull(clipImage, "clipImage is null");
        this.clipText = requireNonNull(clipText, "clipText is null");
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * UNO's sampler settings at the evaluation's steps and guidance; references are resized to the target side (one
     * reference) or 320/512 of it (several), which is UNO's 512/320 at its 512 px size.
     */
    public static SamplerParams samplerParams(EvaluateConfig config) {
        int multi = Math.max(16, Math.round(config.resolution() * 320f / 512 / 16) * 16);
        return new SamplerParams(config.steps(), config.guidance(), true, FlowSchedule.Variant.FLUX,
                UnoPositions.Offset.DIAGONAL, config.resolution(), multi);
    }

    /**
     * @param prompts the prompts of one subject key
     * @param photos each subject's real photos, in name order
     */
    public List<EvaluationMetricRow> evaluate(List<EvaluationPrompt> prompts, Function<String, List<RgbImage>> photos) {
        Map<String, List<RgbImage>> real = new LinkedHashMap<>();
        prompts.forEach(prompt -> prompt.subjects().forEach(subject -> real.computeIfAbsent(subject, photos)));
        Map<String, float[][]> dinoReal = new LinkedHashMap<>();
        Map<String, float[][]> clipReal = new LinkedHashMap<>();
        real.forEach((subject, images) -> {
            dinoReal.put(subject, dino.embed(images));
            clipReal.put(subject, clipImage.embed(images));
        });
        List<EvaluationMetricRow> rows = new ArrayList<>();
        for (EvaluationPrompt prompt : prompts) {
            List<RgbImage> references = references(prompt, real);
            List<EvaluationSample> samples = EvaluationSample.plan(List.of(prompt), config.imagesPerPrompt(),
                    config.seed());
            List<SampleRequest> requests = samples.stream().map(sample -> new SampleRequest(prompt.prompt(),
                    sample.seed(), config.resolution(), config.resolution(), references)).toList();
            List<RgbImage> generated = sampler.sample(requests);
            float[][] dinoGenerated = dino.embed(generated);
            float[][] clipGenerated = clipImage.embed(generated);
            float[] text = clipText.embed(List.of(prompt.prompt()))[0];
            List<float[][]> dinoSubjects = prompt.subjects().stream().map(dinoReal::get).toList();
            List<float[][]> clipSubjects = prompt.subjects().stream().map(clipReal::get).toList();
            for (int i = 0; i < samples.size(); i++) {
                rows.add(EvaluationMetricRow.of(samples.get(i), EvaluationScores.of(dinoGenerated[i], dinoSubjects,
                        clipGenerated[i], clipSubjects, text)));
            }
        }
        return rows;
    }

    /** The first {@code evaluate.references} photos of each subject, at most UNO's 4 in all. */
    private List<RgbImage> references(EvaluationPrompt prompt, Map<String, List<RgbImage>> real) {
        List<RgbImage> references = new ArrayList<>();
        for (String subject : prompt.subjects()) {
            List<RgbImage> images = real.get(subject);
            references.addAll(images.subList(0, Math.min(config.references(), images.size())));
        }
        return references.subList(0, Math.min(SampleRequest.MAX_REFERENCES, references.size()));
    }
}
