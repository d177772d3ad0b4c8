package io.unosynth.core.image;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG/JPEG bytes to and from {@link RgbImage}, with the JDK's ImageIO. PNGs are written with the fastest deflate
 * level: at 1024^2 it is ~4x faster than the default for a few percent more bytes (REFERENCE.md section 6), and the
 * bytes are deterministic.
 */
public final class ImageCodec {
    private ImageCodec() {}

    /**
     * Decodes PNG, JPEG, BMP or GIF bytes; alpha is dropped, grey becomes RGB. 8-bit RGB(A) PNGs are decoded
     * directly ({@link PngRgbDecoder}, same pixels), everything else by ImageIO.
     */
    public static RgbImage decode(byte[] encoded, String what) {
        RgbImage direct = PngRgbDecoder.decode(encoded);
        if (direct != null) {
            return direct;
        }
        BufferedImage image;
        try {
            // An in-memory stream (ImageIO.read closes it): ImageIO.read(InputStream) would buffer through a
            // temporary file (its disk cache is on by default), which doubles PNG decode time.
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded)));
        } catch (IOException | RuntimeException e) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot decode image " + what + ": " + e, e);
        }
        if (image == null) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Cannot decode image " + what + ": not a PNG, JPEG, BMP or GIF (" + encoded.length + " bytes)");
        }
        return fromBufferedImage(image);
    }

    public static byte[] encodePng(RgbImage image) {
        BufferedImage buffered = toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.width() * image.height());
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // ImageIO maps quality q to deflate level (int) (9 * (1 - q)): 0.85 gives level 1, the fastest that compresses.
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode PNG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The image's RGB bytes. 8-bit interleaved sRGB rasters (what the PNG and JPEG readers return for colour images)
     * are copied straight from the raster, ~25x faster than {@code getRGB}, which converts pixel by pixel; other
     * layouts (grey, palette, 16-bit, premultiplied alpha, other colour spaces) go through {@code getRGB}.
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        RgbImage direct = fromInterleavedSrgb(image);
        return direct != null ? direct : fromRgbConversion(image);
    }

    private static RgbImage fromInterleavedSrgb(BufferedImage image) {
        ColorModel colors = image.getColorModel();
        Raster raster = image.getRaster();
        if (!(colors instanceof ComponentColorModel) || !colors.getColorSpace().isCS_sRGB()
                || colors.isAlphaPremultiplied() || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || buffer.getNumBanks() != 1
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel layout)
                || layout.getNumBands() < 3 || raster.getParent() != null) {
            return null;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] data = buffer.getData();
        int[] bands = layout.getBandOffsets();
        int red = bands[0];
        int green = bands[1];
        int blue = bands[2];
        int stride = layout.getPixelStride();
        int scanline = layout.getScanlineStride();
        int base = buffer.getOffset();
        byte[] pixels = new byte[width * height * 3];
        if (stride == 3 && red == 2 && green == 1 && blue == 0) {
            // BGR, what the PNG and JPEG readers return for colour: a loop of constant offsets the JIT unrolls.
            for (int y = 0; y < height; y++) {
                int in = base + y * scanline;
                int out = y * width * 3;
                int end = out + width * 3;
                for (; out < end; out += 3, in += 3) {
                    pixels[out] = data[in + 2];
                    pixels[out + 1] = data[in + 1];
                    pixels[out + 2] = data[in];
                }
            }
            return new RgbImage(width, height, pixels);
        }
        int out = 0;
        for (int y = 0; y < height; y++) {
            int in = base + y * scanline;
            for (int x = 0; x < width; x++, in += stride) {
                pixels[out++] = data[in + red];
                pixels[out++] = data[in + green];
                pixels[out++] = data[in + blue];
            }
        }
        return new RgbImage(width, height, pixels);
    }

    private static RgbImage fromRgbConversion(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < argb.length; i++) {
            pixels[3 * i] = (byte) (argb[i] >> 16);
            pixels[3 * i + 1] = (byte) (argb[i] >> 8);
            pixels[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(width, height, pixels);
    }

    public static BufferedImage toBufferedImage(RgbImage image) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((java.awt.image.DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        byte[] source = image.pixels();
        for (int i = 0; i < source.length; i += 3) {
            target[i] = source[i + 2];
            target[i + 1] = source[i + 1];
            target[i + 2] = source[i];
        }
        return buffered;
    }
}
