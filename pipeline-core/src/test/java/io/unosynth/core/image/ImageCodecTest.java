package io.unosynth.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The raster fast path must give exactly what {@code getRGB} gives, for every layout the readers return. */
class ImageCodecTest {
    @Test
    void rasterReadsEqualGetRgbForEveryImageType() {
        int[] types = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_4BYTE_ABGR_PRE,
            BufferedImage.TYPE_BYTE_INDEXED};
        for (int type : types) {
            BufferedImage image = noise(37, 23, type, 5);

            assertThat(ImageCodec.fromBufferedImage(image)).as("type %s", type).isEqualTo(viaGetRgb(image));
        }
        BufferedImage sub = noise(40, 30, BufferedImage.TYPE_3BYTE_BGR, 6).getSubimage(3, 4, 20, 10);
        assertThat(ImageCodec.fromBufferedImage(sub)).isEqualTo(viaGetRgb(sub));
    }

    @Test
    void decodedPngsAndJpegsEqualGetRgb() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
            BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage image = noise(31, 17, type, 7);
            for (String format : new String[] {"png", "jpg"}) {
                if (format.equals("jpg") && type == BufferedImage.TYPE_4BYTE_ABGR) {
                    continue; // the JDK's JPEG writer has no alpha
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                assertThat(ImageIO.write(image, format, bytes)).isTrue();

                RgbImage decoded = ImageCodec.decode(bytes.toByteArray(), "test." + format);

                BufferedImage reference = ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
                assertThat(decoded).as("%s type %s", format, type).isEqualTo(viaGetRgb(reference));
            }
        }
    }

    private static BufferedImage noise(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static RgbImage viaGetRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int argb = image.getRGB(x, y);
                int i = (y * width + x) * 3;
                pixels[i] = (byte) (argb >> 16);
                pixels[i + 1] = (byte) (argb >> 8);
                pixels[i + 2] = (byte) argb;
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
