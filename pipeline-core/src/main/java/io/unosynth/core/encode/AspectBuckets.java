package io.unosynth.core.encode;

import static io.unosynth.core.error.Preconditions.checkArgument;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Aspect buckets of about {@code resolution²} pixels: portrait widths from {@code resolution/2} to
 * {@code resolution} in steps of {@code resolution/8}, each with the tallest height (a multiple of the step, at most
 * {@code 3*resolution/2}) that keeps the area within {@code resolution²}, then their mirrors. At 512: 256x768,
 * 320x768, 384x640, 448x576, 512x512, 576x448, 640x384, 768x320, 768x256.
 */
public record AspectBuckets(int resolution) {
    /** A bucket's pixel size. */
    public record Bucket(int width, int height) {}

    public AspectBuckets {
        checkArgument(resolution >= 128 && resolution % 128 == 0,
                "Invalid bucket resolution %s: a positive multiple of 128", resolution);
    }

    public List<Bucket> buckets() {
        int step = resolution / 8;
        long area = (long) resolution * resolution;
        List<Bucket> portrait = new ArrayList<>();
        for (int width = resolution / 2; width <= resolution; width += step) {
            int height = (int) Math.min(3L * resolution / 2, area / width / step * step);
            portrait.add(new Bucket(width, height));
        }
        List<Bucket> all = new ArrayList<>(portrait);
        for (int i = portrait.size() - 2; i >= 0; i--) {
            all.add(new Bucket(portrait.get(i).height(), portrait.get(i).width()));
        }
        return all;
    }

    /** The bucket whose aspect ratio is closest to the image's (in log ratio); the first one on a tie. */
    public Bucket nearest(int width, int height) {
        checkArgument(width > 0 && height > 0, "Invalid image size %sx%s", width, height);
        double aspect = Math.log((double) width / height);
        return buckets().stream()
                .min(Comparator.comparingDouble(b -> Math.abs(Math.log((double) b.width() / b.height()) - aspect)))
                .orElseThrow();
    }

    /** Scales the image to cover its nearest bucket (bicubic, antialiased) and crops the centre to it exactly. */
    public RgbImage fit(RgbImage image) {
        Bucket bucket = nearest(image.width(), image.height());
        double scale = Math.max((double) bucket.width() / image.width(), (double) bucket.height() / image.height());
        int width = Math.max(bucket.width(), (int) Math.ceil(image.width() * scale - 1e-9));
        int height = Math.max(bucket.height(), (int) Math.ceil(image.height() * scale - 1e-9));
        RgbImage scaled = new Resize(width, height, ResampleFilter.BICUBIC).apply(image);
        return Crop.center(bucket.width(), bucket.height()).apply(scaled);
    }
}
