package io.unosynth.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.CollectingEmitter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterShardWorkTest {
    /**
     * A stand-in embedder that really computes something: the cosine of mean-centred 16x16 grey thumbnails. Like
     * DINOv2 it gives 1 for the same image, high for a crop of it, low for another photo.
     */
    static final class ThumbnailCosine implements PairSimilarity {
        @Override
        public String modelId() {
            return "thumbnail-cosine";
        }

        @Override
        public double cosine(RgbImage reference, RgbImage target) {
            double[] a = embed(reference);
            double[] b = embed(target);
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = 0; i < a.length; i++) {
                dot += a[i] * b[i];
                na += a[i] * a[i];
                nb += b[i] * b[i];
            }
            return dot / Math.sqrt(na * nb);
        }

        private static double[] embed(RgbImage image) {
            RgbImage small = new Resize(16, 16, ResampleFilter.BILINEAR).apply(image);
            double[] grey = new double[256];
            double mean = 0;
            for (int i = 0; i < 256; i++) {
                grey[i] = (small.get(i % 16, i / 16, 0) + small.get(i % 16, i / 16, 1) + small.get(i % 16, i / 16, 2))
                        / 3.0;
                mean += grey[i] / 256;
            }
            for (int i = 0; i < 256; i++) {
                grey[i] -= mean;
            }
            return grey;
        }
    }

    @Test
    void samePhotoCropAndOtherPhotoOrderAsExpectedAndGetTheirDecisions() {
        RgbImage coffee = Photos.load(Photos.COFFEE);
        byte[] crop = ImageCodec.encodePng(new Crop(16, 10, 224, 150).apply(coffee));
        List<PairRow> pairs = List.of(
                PairFixtures.pair("same", Photos.COFFEE, Photos.COFFEE),
                PairFixtures.pair("crop", 7, "Cup", "cup", Photos.png(Photos.COFFEE), crop),
                PairFixtures.pair("other", Photos.COFFEE, Photos.ROCKET));
        CollectingEmitter<FilterDecision> emitter = new CollectingEmitter<>();

        new FilterShardWork(pairs, new ConsistencyBand(0.5, 0.98), new ThumbnailCosine()).run(emitter);

        List<FilterDecision> rows = emitter.rows();
        assertThat(rows).extracting(FilterDecision::pairId).containsExactly("same", "crop", "other");
        double same = rows.get(0).similarity();
        double cropped = rows.get(1).similarity();
        double other = rows.get(2).similarity();
        assertThat(same).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(cropped).isLessThan(same).isGreaterThan(other);
        assertThat(rows.get(0).reason()).isEqualTo("near_copy");
        assertThat(rows.get(1).reason()).as("crop similarity %s", cropped).isEqualTo("keep");
        assertThat(rows.get(2).reason()).as("other similarity %s", other).isEqualTo("too_different");
        assertThat(emitter.inputs()).isEqualTo(3);
        assertThat(emitter.models()).containsExactly("thumbnail-cosine");
        assertThat(emitter.failures()).isEmpty();
    }

    @Test
    void undecodableImagesAreCountedNotEmitted() {
        byte[] garbage = "not a png".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<PairRow> pairs = List.of(
                PairFixtures.pair("broken-target", 7, "Cup", "cup", Photos.png(Photos.COFFEE), garbage),
                PairFixtures.pair("broken-reference", 7, "Cup", "cup", garbage, Photos.png(Photos.COFFEE)),
                PairFixtures.pair("fine", Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT));
        CollectingEmitter<FilterDecision> emitter = new CollectingEmitter<>();

        new FilterShardWork(pairs, new ConsistencyBand(0.5, 0.98), new ThumbnailCosine()).run(emitter);

        assertThat(emitter.rows()).extracting(FilterDecision::pairId).containsExactly("fine");
        assertThat(emitter.failures()).isEqualTo(Map.of(FilterShardWork.UNDECODABLE, 2));
        assertThat(emitter.inputs()).isEqualTo(3);
    }

    @Test
    void aNanSimilarityIsCounted() {
        PairSimilarity broken = new PairSimilarity() {
            @Override
            public String modelId() {
                return "broken";
            }

            @Override
            public double cosine(RgbImage reference, RgbImage target) {
                return Double.NaN;
            }
        };
        CollectingEmitter<FilterDecision> emitter = new CollectingEmitter<>();
        new FilterShardWork(List.of(PairFixtures.pair("p", Photos.COFFEE, Photos.ROCKET)),
                new ConsistencyBand(0.5, 0.98), broken).run(emitter);
        assertThat(emitter.rows()).isEmpty();
        assertThat(emitter.failures()).isEqualTo(Map.of(FilterShardWork.INVALID_SIMILARITY, 1));
    }
}
