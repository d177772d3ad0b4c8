package io.unosynth.core.filter;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;

/**
 * The filter stage's work for one shard of pairs: decode both halves, embed, compare, and decide with the band.
 * A pair whose PNGs do not decode is counted as {@value #UNDECODABLE} and gets no decision row; a NaN similarity
 * (a broken embedder) is counted as {@value #INVALID_SIMILARITY}. Rows come out in input order.
 */
public final class FilterShardWork implements ShardWork<FilterDecision> {
    public static final String UNDECODABLE = "undecodable_image";
    public static final String INVALID_SIMILARITY = "invalid_similarity";

    private final Iterable<PairRow> pairs;
    private final ConsistencyBand band;
    private final PairSimilarity similarity;

    public FilterShardWork(Iterable<PairRow> pairs, ConsistencyBand band, PairSimilarity similarity) {
        this.pairs = requireNonNull(pairs, "pairs is null");
        this.band = requireNonNull(band, "band is null");
        this.similarity = requireNonNull(similarity, "similarity is null");
    }

    @Override
    public void run(ShardEmitter<FilterDecision> emitter) {
        emitter.useModel(similarity.modelId());
        for (PairRow pair : pairs) {
            emitter.countInput(1);
            RgbImage reference;
            RgbImage target;
            try {
                reference = ImageCodec.decode(pair.referencePng(), pair.pairId() + " reference");
                target = ImageCodec.decode(pair.targetPng(), pair.pairId() + " target");
            } catch (PipelineException e) {
                emitter.countFailure(UNDECODABLE);
                continue;
            }
            double cosine = similarity.cosine(reference, target);
            if (Double.isNaN(cosine)) {
                emitter.countFailure(INVALID_SIMILARITY);
                continue;
            }
            emitter.emit(FilterDecision.of(pair.pairId(), pair.categoryId(), pair.category(), cosine,
                    band.decide(cosine)));
        }
    }
}
