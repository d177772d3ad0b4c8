package io.unosynth.bench;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.pipeline.EncodedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark workload: the committed real photos (256 px fixtures) scaled to camera-like sizes and PNG-encoded
 * once, so every run decodes the same bytes.
 */
final class BenchImages {
    /** Images per path and invocation: four batches of 8 (pipeline fill and drain cost a few percent of a ViT-S run). */
    static final int COUNT = 32;
    private static final List<String> PHOTOS = List.of(Photos.ASTRONAUT, Photos.CHELSEA, Photos.COFFEE,
            Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT, Photos.ROCKET);
    /** Longest edges, cycled: 512 to 1024 px, mean 768. */
    private static final int[] LONGEST_EDGES = {512, 640, 768, 896, 1024};

    private static List<EncodedImage> workload;

    private BenchImages() {}

    /** {@link #COUNT} PNGs, photo {@code i % 6} at longest edge {@code LONGEST_EDGES[i % 5]}. */
    static synchronized List<EncodedImage> workload() {
        if (workload == null) {
            List<EncodedImage> images = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                String photo = PHOTOS.get(i % PHOTOS.size());
                int edge = LONGEST_EDGES[i % LONGEST_EDGES.length];
                RgbImage scaled = Resize.longestEdge(edge, ResampleFilter.BICUBIC).apply(Photos.load(photo));
                images.add(new EncodedImage(photo + "@" + edge + ".png", ImageCodec.encodePng(scaled)));
            }
            workload = List.copyOf(images);
        }
        return workload;
    }

    /** A photo scaled to exactly {@code size} x {@code size} and PNG-encoded. */
    static byte[] square(String photo, int size) {
        return ImageCodec.encodePng(new Resize(size, size, ResampleFilter.BICUBIC).apply(Photos.load(photo)));
    }

    static long totalBytes(List<EncodedImage> images) {
        return images.stream().mapToLong(image -> image.bytes().length).sum();
    }
}
