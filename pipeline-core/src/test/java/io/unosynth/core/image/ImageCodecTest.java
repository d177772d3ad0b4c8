package io.unosynth.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
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

                BufferedImage reference = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
                assertThat(decoded).as("%s type %s", format, type).isEqualTo(viaGetRgb(reference));
            }
        }
    }

    @Test
    void theDirectPngDecoderGivesImageIosPixelsAndDeclinesWhatItDoesNotTake() throws IOException {
        // Real photos (their encoder's filters), ImageIO's own RGB and RGBA files (adaptive filters, several IDAT
        // chunks), smooth and noisy content, and the pipeline's writer.
        List<byte[]> taken = new ArrayList<>();
        for (String name : List.of(Photos.COFFEE, Photos.MOTORCYCLE_LEFT, Photos.MOTORCYCLE_RIGHT)) {
            taken.add(Photos.png(name));
        }
        taken.add(write(noise(64, 48, BufferedImage.TYPE_3BYTE_BGR, 1), false));
        taken.add(write(noise(33, 21, BufferedImage.TYPE_4BYTE_ABGR, 2), false));
        taken.add(write(ImageCodec.toBufferedImage(Photos.load(Photos.COFFEE)), false));
        taken.add(ImageCodec.encodePng(Photos.load(Photos.CHELSEA)));
        Set<Integer> filters = new TreeSet<>();
        for (byte[] png : taken) {
            RgbImage direct = PngRgbDecoder.decode(png);
            assertThat(direct).as("a PNG the decoder takes").isNotNull();
            assertThat(direct).isEqualTo(viaGetRgb(ImageIO.read(new ByteArrayInputStream(png))));
            filters.addAll(scanlineFilters(png, direct.width(), direct.width() * direct.height()));
        }
        assertThat(filters).as("every PNG filter type is exercised").containsExactly(0, 1, 2, 3, 4);

        // Declined, so ImageIO decodes them as before: grey, palette, 16-bit, interlaced, a damaged chunk, and a
        // photo with a colour profile (iCCP).
        byte[] damaged = taken.get(3).clone();
        damaged[damaged.length / 2] ^= 0x55;
        List<byte[]> declined = List.of(write(noise(20, 10, BufferedImage.TYPE_BYTE_GRAY, 3), false),
                write(noise(20, 10, BufferedImage.TYPE_BYTE_INDEXED, 4), false),
                write(noise(20, 10, BufferedImage.TYPE_USHORT_GRAY, 5), false),
                write(noise(20, 10, BufferedImage.TYPE_3BYTE_BGR, 6), true), damaged, Photos.png(Photos.ASTRONAUT));
        for (byte[] png : declined) {
            assertThat(PngRgbDecoder.decode(png)).isNull();
        }
        assertThat(ImageCodec.decode(declined.get(3), "interlaced.png"))
                .isEqualTo(viaGetRgb(ImageIO.read(new ByteArrayInputStream(declined.get(3)))));
    }

    private static byte[] write(BufferedImage image, boolean interlaced) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The filter type byte of every scanline of a non-interlaced 8-bit RGB or RGBA PNG. */
    private static Set<Integer> scanlineFilters(byte[] png, int width, int pixels) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int channels = png[25] == 6 ? 4 : 3;
        for (int at = 8; at + 8 <= png.length; ) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            if (new String(png, at + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
                idat.write(png, at + 8, length);
            }
            at += 12 + length;
        }
        Inflater inflater = new Inflater();
        inflater.setInput(idat.toByteArray());
        byte[] raw = new byte[pixels * channels + pixels / width];
        try {
            inflater.inflate(raw);
        } catch (DataFormatException e) {
            throw new IOException(e);
        } finally {
            inflater.end();
        }
        Set<Integer> filters = new TreeSet<>();
        for (int row = 0; row < pixels / width; row++) {
            filters.add((int) raw[row * (width * channels + 1)]);
        }
        return filters;
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
