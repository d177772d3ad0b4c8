package io.unosynth.core.evaluate;

import io.unosynth.core.embedding.Cosine;
import io.unosynth.core.error.Preconditions;
import java.util.List;

/**
 * The DreamBench scores of one generated image. DINO and CLIP-I: the mean cosine between the image's embedding and
 * the embeddings of each real photo of a subject, averaged over the subjects of a multi-subject prompt; CLIP-T:
 * the cosine between the image's and the prompt's CLIP embeddings. Pure.
 */
public record EvaluationScores(double dino, double clipI, double clipT) {
    /**
     * @param dinoReal per subject, the DINO embeddings of its real photos
     * @param clipReal per subject, the CLIP image embeddings of its real photos
     */
    public static EvaluationScores of(float[] dinoGenerated, List<float[][]> dinoReal, float[] clipGenerated,
            List<float[][]> clipReal, float[] clipText) {
        return new EvaluationScores(subjectAverage(dinoGenerated, dinoReal), subjectAverage(clipGenerated, clipReal),
                cosine(clipGenerated, clipText));
    }

    /** The mean over subjects of the mean cosine to that subject's photos. */
    public static double subjectAverage(float[] generated, List<float[][]> realPerSubject) {
        Preconditions.checkArgument(!realPerSubject.isEmpty(), "Invalid real embeddings: no subject");
        double sum = 0;
        for (float[][] real : realPerSubject) {
            Preconditions.checkArgument(real.length > 0, "Invalid real embeddings: a subject without photos");
            double subject = 0;
            for (float[] photo : real) {
                subject += cosine(generated, photo);
            }
            sum += subject / real.length;
        }
        return sum / realPerSubject.size();
    }

    /** {@code a.b / (|a| |b|)} in double precision; 0 when either vector is zero. */
    public static double cosine(float[] a, float[] b) {
        return Cosine.of(a, b);
    }
}
