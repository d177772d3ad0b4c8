package io.unosynth.core.image;

/**
 * Resampling kernels as Pillow defines them (which the public preprocessing of DINOv2, CLIP and UNO uses):
 * bicubic with a = -0.5 (support 2) and Lanczos with a = 3 (support 3), plus bilinear.
 */
public enum ResampleFilter {
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    },
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            double a = -0.5;
            x = Math.abs(x);
            if (x < 1.0) {
                return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
            }
            if (x < 2.0) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0.0;
        }
    },
    LANCZOS(3.0) {
        @Override
        double weight(double x) {
            if (x > -3.0 && x < 3.0) {
                return sinc(x) * sinc(x / 3.0);
            }
            return 0.0;
        }
    };

    private final double support;

    ResampleFilter(double support) {
        this.support = support;
    }

    public double support() {
        return support;
    }

    abstract double weight(double x);

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }
}
