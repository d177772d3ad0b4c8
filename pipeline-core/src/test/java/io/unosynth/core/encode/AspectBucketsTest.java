package io.unosynth.core.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.encode.AspectBuckets.Bucket;
import io.unosynth.core.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AspectBucketsTest {
    @Test
    void unoBucketsAt512() {
        assertThat(new AspectBuckets(512).buckets()).containsExactly(new Bucket(256, 768), new Bucket(320, 768),
                new Bucket(384, 640), new Bucket(448, 576), new Bucket(512, 512), new Bucket(576, 448),
                new Bucket(640, 384), new Bucket(768, 320), new Bucket(768, 256));
        assertThat(new AspectBuckets(512).buckets()).allSatisfy(bucket -> {
            assertThat(bucket.width() % 16).isZero();
            assertThat(bucket.height() % 16).isZero();
            assertThat((long) bucket.width() * bucket.height()).isLessThanOrEqualTo(512L * 512);
        });
    }

    @Test
    void anImageGoesToTheBucketOfTheClosestAspect() {
        AspectBuckets buckets = new AspectBuckets(512);
        assertThat(buckets.nearest(1000, 1000)).isEqualTo(new Bucket(512, 512));
        assertThat(buckets.nearest(1920, 1080)).isEqualTo(new Bucket(640, 384));
        assertThat(buckets.nearest(100, 1000)).isEqualTo(new Bucket(256, 768));
        assertThat(buckets.nearest(3000, 1000)).isEqualTo(new Bucket(768, 256));
    }

    @Test
    void fitCoversTheBucketAndCropsTheCentre() {
        RgbImage wide = new RgbImage(300, 100, new byte[300 * 100 * 3]);
        RgbImage fitted = new AspectBuckets(128).fit(wide);
        assertThat(List.of(fitted.width(), fitted.height())).containsExactly(192, 64);
        RgbImage square = new RgbImage(40, 40, new byte[40 * 40 * 3]);
        assertThat(new AspectBuckets(128).fit(square).width()).isEqualTo(128);
    }

    @Test
    void theResolutionMustMakeSixteenMultiples() {
        assertThatThrownBy(() -> new AspectBuckets(200)).hasMessageContaining("200");
    }
}
