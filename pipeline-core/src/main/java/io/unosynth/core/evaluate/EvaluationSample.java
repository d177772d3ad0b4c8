package io.unosynth.core.evaluate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.plan.Seeds;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One image the model under test generates: the k-th of a (subject, prompt), with a seed that depends only on
 * the evaluate seed, the subject key, the prompt text and k, never on shard, order or round, so rounds compare on
 * the same noise.
 */
public record EvaluationSample(EvaluationPrompt prompt, int k, long seed) implements Serializable {
    public EvaluationSample {
        requireNonNull(prompt, "prompt is null");
    }

    public static long seed(long evaluateSeed, String subjectKey, String prompt, int k) {
        return Seeds.derive(evaluateSeed, stableHash(subjectKey), stableHash(prompt), k);
    }

    /** K samples per prompt of {@code prompts}, prompt by prompt, k ascending. */
    public static List<EvaluationSample> plan(List<EvaluationPrompt> prompts, int imagesPerPrompt, long evaluateSeed) {
        List<EvaluationSample> samples = new ArrayList<>();
        for (EvaluationPrompt prompt : prompts) {
            for (int k = 0; k < imagesPerPrompt; k++) {
                samples.add(new EvaluationSample(prompt, k, seed(evaluateSeed, prompt.subjectKey(), prompt.prompt(),
                        k)));
            }
        }
        return samples;
    }

    /** A 64-bit FNV-1a of the UTF-8 bytes: fixed by this code, unlike any JVM's hashing. */
    private static long stableHash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return hash;
    }
}
