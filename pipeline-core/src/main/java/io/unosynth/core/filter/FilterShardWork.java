package io.unosynth.core.filter;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.util.Iterator;

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
        Iterator<PairScore> scores = similarity.scores(pairs.iterator());
        try {
            while (scores.hasNext()) {
                PairScore score = scores.next();
                emitter.countInput(1);
                if (!score.decoded()) {
                    emitter.countFailure(UNDECODABLE);
                    continue;
                }
                if (Double.isNaN(score.cosine())) {
                    emitter.countFailure(INVALID_SIMILARITY);
                    continue;
                }
                PairRow pair = score.pair();
                emitter.emit(FilterDecision.of(pair.pairId(), pair.categoryId(), pair.category(), score.cosine(),
                        band.decide(score.cosine())));
            }
        } finally {
            if (scores instanceof AutoCloseable closeable) {
                closeScores(closeable);
            }
        }
    }

    private static void closeScores(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot close the pair scores: " + e.getMessage(), e);
        }
    }
}
