package io.unosynth.core.filter;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import java.util.Optional;

/**
 * One pair's outcome from {@link PairSimilarity#scores}: the cosine of its halves' embeddings, or no cosine because a
 * half does not decode.
 */
public record PairScore(PairRow pair, boolean decoded, double cosine) {
    public PairScore {
        requireNonNull(pair, "pair is null");
    }

    public static PairScore of(PairRow pair, double cosine) {
        return new PairScore(pair, true, cosine);
    }

    public static PairScore undecodable(PairRow pair) {
        return new PairScore(pair, false, Double.NaN);
    }

    /** Both halves decoded, or empty when either PNG does not decode. */
    public static Optional<RgbImage[]> decode(PairRow pair) {
        try {
            return Optional.of(new RgbImage[] {
                ImageCodec.decode(pair.referencePng(), pair.pairId() + " reference"),
                ImageCodec.decode(pair.targetPng(), pair.pairId() + " target")});
        } catch (PipelineException e) {
            return Optional.empty();
        }
    }
}
