package io.unosynth.runtime.contracts.owl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.image.Photos;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwlDetectorTest {
    @TempDir
    Path directory;

    @Test
    void boxesOnThePaddedSquareMapBackToOriginalPixels() {
        // A 200x100 image is padded to 200x200; boxes are (cx, cy, w, h) on that square.
        float[] boxes = {
            0.25f, 0.25f, 0.2f, 0.1f, //  -> (30, 40, 70, 60)
            0.9f, 0.45f, 0.4f, 0.3f, //   -> (140, 60, 220, 120) clamped to (140, 60, 200, 100)
            0.5f, 0.5f, 0.1f, 0.1f //     -> below the threshold
        };
        // logits [3 boxes, 2 queries]
        float[] logits = {-3f, 2f, 1f, -1f, -4f, -5f};
        List<Detection> detections = OwlPostprocessor.detections(logits, boxes, List.of("cat", "dog"), 200, 100,
                0.1f);
        assertThat(detections).hasSize(2);
        Detection best = detections.get(0);
        assertThat(best.query()).isEqualTo("dog");
        assertThat(best.label()).isEqualTo(1);
        assertThat(best.score()).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-6f));
        assertBox(best.box(), 30, 40, 70, 60);
        Detection second = detections.get(1);
        assertThat(second.query()).isEqualTo("cat");
        assertThat(second.label()).isZero();
        assertBox(second.box(), 140, 60, 200, 100);
        assertThat(second.box().x1()).as("clamped exactly").isEqualTo(200f);
        assertThat(second.box().y1()).as("clamped exactly").isEqualTo(100f);
    }

    private static void assertBox(Box box, float x0, float y0, float x1, float y1) {
        assertThat(box.x0()).isCloseTo(x0, within(1e-4f));
        assertThat(box.y0()).isCloseTo(y0, within(1e-4f));
        assertThat(box.x1()).isCloseTo(x1, within(1e-4f));
        assertThat(box.y1()).isCloseTo(y1, within(1e-4f));
    }

    @Test
    void preprocessingPadsBottomAndRightWithGrey() {
        // 4x2 white image -> 4x4 square (white top half, grey bottom half) -> resized to 8x8
        byte[] white = new byte[4 * 2 * 3];
        java.util.Arrays.fill(white, (byte) 255);
        float[] out = new float[3 * 8 * 8];
        OwlPreprocessor.toPixels(new RgbImage(4, 2, white), 8, out, 0);
        float whiteRed = (1f - PixelNormalization.CLIP.mean()[0]) / PixelNormalization.CLIP.std()[0];
        float greyRed = (128 / 255f - PixelNormalization.CLIP.mean()[0]) / PixelNormalization.CLIP.std()[0];
        assertThat(out[0]).isCloseTo(whiteRed, within(1e-5f));
        assertThat(out[7 * 8 + 7]).isCloseTo(greyRed, within(1e-5f));
    }

    @Test
    void detectsOnTheDemoModelWithBoxesInsideANonSquareImage() {
        RgbImage chelsea = Photos.load(Photos.CHELSEA);
        RgbImage coffee = Photos.load(Photos.COFFEE);
        List<String> queries = List.of("a cat", "a cup", "a dog");
        try (ModelSet models = new ModelSet(DemoContracts.loader(DemoContracts.write(directory), Map.of()),
                ModelNames.DEFAULT, List.of(), new BatchSize(1))) {
            OwlDetector owl = models.owl();
            List<List<Detection>> all = owl.detect(List.of(chelsea, coffee), queries, 0.0f);
            assertThat(all).hasSize(2);
            List<Detection> detections = all.get(0);
            // threshold 0 keeps every predicted box: 60 x 60 patches of 16 px on 960
            assertThat(detections).hasSize(3600);
            for (int i = 0; i < detections.size(); i++) {
                Detection d = detections.get(i);
                assertThat(d.score()).isBetween(0f, 1f);
                assertThat(queries.get(d.label())).isEqualTo(d.query());
                assertThat(d.box().x0()).isBetween(0f, (float) chelsea.width());
                assertThat(d.box().x1()).isBetween(d.box().x0(), (float) chelsea.width());
                assertThat(d.box().y1()).isBetween(d.box().y0(), (float) chelsea.height());
                if (i > 0) {
                    assertThat(d.score()).isLessThanOrEqualTo(detections.get(i - 1).score());
                }
            }
            // The demo head puts each patch's box on its own grid cell: boxes of patches below the image (in the
            // grey padding) are clamped to the bottom edge, so many are degenerate there.
            assertThat(detections.stream().filter(d -> d.box().height() == 0).count()).isGreaterThan(0);

            float threshold = detections.get(99).score();
            List<Detection> top = owl.detect(List.of(chelsea), queries, threshold).get(0);
            assertThat(top).hasSizeLessThanOrEqualTo(99).isNotEmpty();
            assertThat(top.get(0)).isEqualTo(detections.get(0));

            try (ModelSet batched = new ModelSet(DemoContracts.loader(DemoContracts.write(directory.resolve("b")),
                    Map.of()), ModelNames.DEFAULT, List.of(), new BatchSize(2))) {
                List<Detection> again = batched.owl().detect(List.of(chelsea, coffee), queries, threshold).get(1);
                List<Detection> alone = owl.detect(List.of(coffee), queries, threshold).get(0);
                assertThat(again).hasSameSizeAs(alone);
                for (int i = 0; i < alone.size(); i++) {
                    assertThat(again.get(i).label()).isEqualTo(alone.get(i).label());
                    assertThat(again.get(i).score()).isCloseTo(alone.get(i).score(), within(1e-5f));
                }
            }
        }
    }
}
