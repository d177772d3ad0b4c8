package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.image.Crop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CropGeometryTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                      x0,  y0,  x1,  y1,  margin, minSide, W,   H,   cropX, cropY, cropW, cropH
        "inside with 10% margin,      40,  40,  60,  80,  0.1,    1,       200, 100, 38,    36,    24,    48",
        "no margin keeps the box,     40,  40,  60,  80,  0.0,    1,       200, 100, 40,    40,    20,    40",
        "fractional corners round out, 10.4, 20.6, 30.2, 40.5, 0.0, 1,     200, 100, 10,    20,    21,    21",
        "margin cut at left/top,      0,   0,   50,  50,  0.2,    1,       200, 100, 0,     0,     60,    60",
        "margin cut at right/bottom,  150, 50,  200, 100, 0.2,    1,       200, 100, 140,   40,    60,    60",
        "tiny box widened to minSide, 100, 50,  101, 51,  0.1,    32,      200, 100, 84,    34,    32,    32",
        "degenerate box at a corner,  0,   0,   0,   0,   0.5,    32,      200, 100, 0,     0,     32,    32",
        "tiny box at the far corner,  199, 99,  200, 100, 0.0,    32,      200, 100, 168,   68,    32,    32",
        "huge box clamped to image,   0,   0,   200, 100, 0.5,    1,       200, 100, 0,     0,     200,   100",
        "minSide above image side,    10,  10,  20,  20,  0.0,    500,     200, 100, 0,     0,     200,   100",
    })
    void cropsWithMarginClampedAtBorders(String name, double x0, double y0, double x1, double y1, double margin,
            int minSide, int width, int height, int cropX, int cropY, int cropW, int cropH) {
        Crop crop = new CropGeometry(margin, minSide).around(new PixelBox(x0, y0, x1, y1), width, height);
        assertThat(crop).isEqualTo(new Crop(cropX, cropY, cropW, cropH));
        assertThat(crop.x() + crop.width()).isLessThanOrEqualTo(width);
        assertThat(crop.y() + crop.height()).isLessThanOrEqualTo(height);
    }
}
