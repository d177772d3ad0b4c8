package io.unosynth.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.error.PipelineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageOpsTest {
    @Test
    void pngRoundTripsExactlyAndCompresses() {
        RgbImage image = gradient(64, 48);
        RgbImage blocky = new Resize(64, 48, ResampleFilter.BILINEAR).apply(filled(4, 3, 10, 200, 30));

        byte[] png = ImageCodec.encodePng(image);

        assertThat(ImageCodec.decode(png, "test.png")).isEqualTo(image);
        assertThat(ImageCodec.encodePng(image)).as("deterministic bytes").isEqualTo(png);
        assertThat(ImageCodec.encodePng(blocky).length).as("deflate is on").isLessThan(64 * 48 * 3 / 10);
    }

    @Test
    void undecodableBytesAreNamed() {
        assertThatThrownBy(() -> ImageCodec.decode(new byte[] {1, 2, 3}, "pair c0001/ref"))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Cannot decode image pair c0001/ref");
    }

    @Test
    void antialiasedDownscaleMatchesTheHandComputedKernel() {
        // One row 0,100,200,255 halved with the bilinear kernel widened to support 2 (Pillow's antialiasing):
        // output 0 = (0 * 0.75 + 100 * 0.75 + 200 * 0.25) / 1.75 = 71.4 -> 71.
        RgbImage row = new RgbImage(4, 1, new byte[] {0, 0, 0, 100, 100, 100, (byte) 200, (byte) 200, (byte) 200,
                (byte) 255, (byte) 255, (byte) 255});

        RgbImage half = new Resize(2, 1, ResampleFilter.BILINEAR).apply(row);

        assertThat(half.get(0, 0, 0)).isEqualTo(71);
        // output 1: centre 3.0, inputs 1..3 weights 0.25, 0.75, 0.75 -> (25 + 150 + 191.25) / 1.75 = 209.3
        assertThat(half.get(1, 0, 0)).isEqualTo(209);
    }

    @Test
    void everyFilterKeepsAFlatImageFlatAndSizesAreExact() {
        RgbImage flat = filled(37, 23, 90, 160, 220);
        for (ResampleFilter filter : ResampleFilter.values()) {
            RgbImage down = new Resize(11, 7, filter).apply(flat);
            RgbImage up = new Resize(80, 50, filter).apply(flat);
            assertThat(down).isEqualTo(filled(11, 7, 90, 160, 220));
            assertThat(up).isEqualTo(filled(80, 50, 90, 160, 220));
        }
    }

    @Test
    void edgeResizesKeepTheAspectRatio() {
        RgbImage wide = gradient(400, 200);

        assertThat(Resize.shortestEdge(256, ResampleFilter.BICUBIC).apply(wide))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(512, 256);
        assertThat(Resize.longestEdge(320, ResampleFilter.LANCZOS).apply(wide))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(320, 160);
    }

    @Test
    void unoReferenceResizeTruncatesWhereTheGeneralResizeRounds() {
        ImageTransform unoReference = Resize.longestEdgeTruncated(512, ResampleFilter.LANCZOS)
                .then(Crop.centerToMultiple(16));

        // UNO's own cases: int(512 / 850 * 850) = int(511.99999999999994) = 511 -> crop 496; int(351.744) = 351 -> 336.
        assertThat(unoReference.apply(gradient(850, 850)))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(512, 496);
        assertThat(unoReference.apply(gradient(1000, 687)))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(512, 336);
        assertThat(unoReference.apply(gradient(687, 1000)))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(336, 512);
        assertThat(Resize.longestEdge(512, ResampleFilter.LANCZOS).apply(gradient(850, 850)))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(512, 512);
        assertThat(Resize.longestEdge(512, ResampleFilter.LANCZOS).apply(gradient(1000, 687)))
                .extracting(RgbImage::width, RgbImage::height).containsExactly(512, 352);
    }

    @Test
    void cropsCutTheRightPixels() {
        RgbImage image = gradient(10, 8);

        RgbImage crop = new Crop(3, 2, 4, 5).apply(image);
        RgbImage center = Crop.center(4, 4).apply(image);
        RgbImage multiple = Crop.centerToMultiple(4).apply(gradient(10, 9));

        assertThat(crop.get(0, 0, 0)).isEqualTo(image.get(3, 2, 0));
        assertThat(crop.get(3, 4, 1)).isEqualTo(image.get(6, 6, 1));
        assertThat(center.get(0, 0, 2)).isEqualTo(image.get(3, 2, 2));
        assertThat(multiple).extracting(RgbImage::width, RgbImage::height).containsExactly(8, 8);
        assertThatThrownBy(() -> new Crop(8, 0, 4, 4).apply(image)).hasMessageContaining("Invalid crop 8,0 4x4");
    }

    @Test
    void padToSquareKeepsOriginalCoordinates() {
        RgbImage image = gradient(6, 3);

        RgbImage square = PadToSquare.grey().apply(image);

        assertThat(square).extracting(RgbImage::width, RgbImage::height).containsExactly(6, 6);
        assertThat(square.get(5, 2, 0)).isEqualTo(image.get(5, 2, 0));
        assertThat(square.get(0, 5, 1)).isEqualTo(128);
    }

    @Test
    void normalizationRoundTripsAndMatchesTheFormula() {
        RgbImage image = gradient(5, 4);

        float[] planes = PixelNormalization.IMAGENET.toChw(image);

        assertThat(planes[0]).isCloseTo((image.get(0, 0, 0) / 255f - 0.485f) / 0.229f, within(1e-6f));
        assertThat(planes[20 + 7]).isCloseTo((image.get(2, 1, 1) / 255f - 0.456f) / 0.224f, within(1e-6f));
        assertThat(PixelNormalization.IMAGENET.fromChw(planes, 0, 5, 4)).isEqualTo(image);
        assertThat(PixelNormalization.SIGNED_UNIT.toChw(filled(1, 1, 255, 0, 128)))
                .containsExactly(new float[] {1f, -1f, 128 / 127.5f - 1f}, within(1e-6f));
    }

    @Test
    void realPhotosDecodeAndSurviveTheDinoPreprocessing() {
        RgbImage chelsea = Photos.load(Photos.CHELSEA);

        RgbImage prepared = Resize.shortestEdge(256, ResampleFilter.BICUBIC)
                .then(Crop.center(224, 224))
                .apply(chelsea);

        assertThat(chelsea).extracting(RgbImage::width, RgbImage::height).containsExactly(256, 170);
        assertThat(prepared).extracting(RgbImage::width, RgbImage::height).containsExactly(224, 224);
        float[] planes = PixelNormalization.IMAGENET.toChw(prepared);
        double mean = 0;
        for (float value : planes) {
            mean += value;
        }
        assertThat(mean / planes.length).as("a real photo normalises to roughly zero mean").isBetween(-1.5, 1.5);
    }

    @Test
    void resizeAndItsCroppedWindowEqualThePixelByPixelDefinition() {
        // Real photos (256 px long edge), an upscale and odd sizes, each filter: every byte as the direct formula.
        for (String name : List.of(Photos.CHELSEA, Photos.ASTRONAUT, Photos.MOTORCYCLE_LEFT)) {
            RgbImage photo = Photos.load(name);
            for (ResampleFilter filter : ResampleFilter.values()) {
                for (int[] size : new int[][] {{224, 224}, {97, 131}, {512, 340}, {photo.width(), 100}}) {
                    Resize resize = new Resize(size[0], size[1], filter);
                    assertThat(resize.apply(photo)).as("%s %s %sx%s", name, filter, size[0], size[1])
                            .isEqualTo(definition(photo, size[0], size[1], filter));
                }
            }
            for (int[] crop : new int[][] {{256, 224, 224}, {224, 224, 224}, {300, 224, 160}, {96, 64, 96}}) {
                RgbImage whole = Resize.shortestEdge(crop[0], ResampleFilter.BICUBIC)
                        .then(Crop.center(crop[1], crop[2])).apply(photo);
                assertThat(Resize.shortestEdgeCenterCrop(crop[0], crop[1], crop[2], ResampleFilter.BICUBIC)
                        .apply(photo)).as("%s: edge %s, crop %sx%s", name, crop[0], crop[1], crop[2])
                        .isEqualTo(whole);
            }
        }
        assertThatThrownBy(() -> new Resize(10, 10, ResampleFilter.BICUBIC).window(gradient(20, 20), 4, 4, 7, 7))
                .hasMessageContaining("Invalid crop 4,4 7x7 of a 10x10 resize");
    }

    /** The resize as its definition: each output byte the rounded weighted sum, horizontal then vertical. */
    private static RgbImage definition(RgbImage image, int width, int height, ResampleFilter filter) {
        RgbImage horizontal = image;
        if (image.width() != width) {
            byte[] out = new byte[width * image.height() * 3];
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        out[(y * width + x) * 3 + c] = tap(image, x, y, c, image.width(), width, filter, true);
                    }
                }
            }
            horizontal = new RgbImage(width, image.height(), out);
        }
        if (horizontal.height() == height) {
            return horizontal;
        }
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * width + x) * 3 + c] = tap(horizontal, x, y, c, horizontal.height(), height, filter, false);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Pillow's antialiased kernel at output index {@code (x or y)}, summed in input order from zero. */
    private static byte tap(RgbImage in, int x, int y, int c, int inSize, int outSize, ResampleFilter filter,
            boolean horizontal) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        double center = ((horizontal ? x : y) + 0.5) * scale;
        int min = Math.max(0, (int) Math.floor(center - support));
        int max = Math.min(inSize, (int) Math.ceil(center + support));
        double[] weights = new double[max - min];
        double total = 0;
        for (int i = min; i < max; i++) {
            weights[i - min] = filter.weight((i - center + 0.5) / filterScale);
            total += weights[i - min];
        }
        double sum = 0;
        for (int i = min; i < max; i++) {
            double weight = total == 0 ? 0 : weights[i - min] / total;
            sum += weight * (horizontal ? in.get(i, y, c) : in.get(x, i, c));
        }
        long rounded = Math.round(sum);
        return (byte) (rounded < 0 ? 0 : rounded > 255 ? 255 : rounded);
    }

    static RgbImage gradient(int width, int height) {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels[i] = (byte) (x * 255 / Math.max(1, width - 1));
                pixels[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
                pixels[i + 2] = (byte) ((x + 2 * y) & 0xFF);
            }
        }
        return new RgbImage(width, height, pixels);
    }

    static RgbImage filled(int width, int height, int r, int g, int b) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            pixels[3 * i] = (byte) r;
            pixels[3 * i + 1] = (byte) g;
            pixels[3 * i + 2] = (byte) b;
        }
        return new RgbImage(width, height, pixels);
    }
}
