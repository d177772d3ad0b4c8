package io.unosynth.core.image;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A direct decoder for the PNGs this pipeline reads most: 8-bit RGB or RGBA, not interlaced (what generate and
 * ImageIO's writer produce). It inflates straight into the scanlines and unfilters them into the {@link RgbImage}
 * bytes, where ImageIO copies the stream into a cache, decodes row by row into a raster (allocating per row) and is
 * then copied out of BGR order: about a third less CPU per 512 x 512 image and far less garbage.
 *
 * <p>It decodes only files it is sure of and returns {@code null} for everything else: another colour type or bit
 * depth, interlacing, a colour profile ({@code iCCP}) or transparency ({@code tRNS}) chunk, a bad chunk CRC, or
 * any damage. ImageIO then decides, so results and error messages are ImageIO's wherever this decoder declines,
 * and its output equals ImageIO's where it does not (pinned by {@code ImageCodecTest}).
 */
final class PngRgbDecoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IHDR = chunkType("IHDR");
    private static final int IDAT = chunkType("IDAT");
    private static final int IEND = chunkType("IEND");
    private static final int ICCP = chunkType("iCCP");
    private static final int TRNS = chunkType("tRNS");
    private static final int PLTE = chunkType("PLTE");
    private static final int COLOR_RGB = 2;
    private static final int COLOR_RGBA = 6;
    /** Larger images go to ImageIO (and fit an int-indexed byte array there). */
    private static final long MAX_PIXELS = 1L << 28;

    private PngRgbDecoder() {}

    /** The image, or {@code null} when the bytes are not a PNG this decoder takes (ImageIO then decodes them). */
    static RgbImage decode(byte[] png) {
        if (png.length < SIGNATURE.length + 25 || !startsWithSignature(png)) {
            return null;
        }
        int at = SIGNATURE.length;
        if (readInt(png, at) != 13 || readInt(png, at + 4) != IHDR || !crcMatches(png, at)) {
            return null;
        }
        long width = readInt(png, at + 8) & 0xFFFFFFFFL;
        long height = readInt(png, at + 12) & 0xFFFFFFFFL;
        int bitDepth = png[at + 16] & 0xFF;
        int colorType = png[at + 17] & 0xFF;
        int interlace = png[at + 20] & 0xFF;
        if (width == 0 || height == 0 || width * height > MAX_PIXELS || bitDepth != 8
                || (colorType != COLOR_RGB && colorType != COLOR_RGBA) || interlace != 0
                || png[at + 18] != 0 || png[at + 19] != 0) {
            return null;
        }
        int channels = colorType == COLOR_RGBA ? 4 : 3;
        int stride = (int) width * channels;
        byte[] scanlines = new byte[(int) height * (stride + 1)];
        Inflater inflater = new Inflater();
        try {
            int filled = 0;
            boolean ended = false;
            at += 25;
            while (at + 12 <= png.length) {
                int length = readInt(png, at);
                int type = readInt(png, at + 4);
                if (length < 0 || at + 12L + length > png.length || !crcMatches(png, at)) {
                    return null;
                }
                if (type == ICCP || type == TRNS || type == PLTE) {
                    return null;
                }
                if (type == IDAT && filled < scanlines.length) {
                    inflater.setInput(png, at + 8, length);
                    while (!inflater.needsInput() && !inflater.finished() && filled < scanlines.length) {
                        int n = inflater.inflate(scanlines, filled, scanlines.length - filled);
                        if (n == 0 && inflater.needsDictionary()) {
                            return null;
                        }
                        filled += n;
                    }
                }
                at += 12 + length;
                if (type == IEND) {
                    ended = true;
                    break;
                }
            }
            if (!ended || filled != scanlines.length) {
                return null;
            }
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
        return unfilter(scanlines, (int) width, (int) height, channels);
    }

    /** Reverses each scanline's filter in place and keeps R, G and B. */
    private static RgbImage unfilter(byte[] data, int width, int height, int channels) {
        int stride = width * channels;
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            int row = y * (stride + 1) + 1;
            int previous = row - stride - 1; // the row above, valid when y > 0
            int filter = data[row - 1];
            switch (filter) {
                case 0 -> { }
                case 1 -> {
                    for (int i = channels; i < stride; i++) {
                        data[row + i] += data[row + i - channels];
                    }
                }
                case 2 -> {
                    if (y > 0) {
                        for (int i = 0; i < stride; i++) {
                            data[row + i] += data[previous + i];
                        }
                    }
                }
                case 3 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= channels ? data[row + i - channels] & 0xFF : 0;
                        int up = y > 0 ? data[previous + i] & 0xFF : 0;
                        data[row + i] += (byte) ((left + up) >>> 1);
                    }
                }
                case 4 -> {
                    for (int i = 0; i < stride; i++) {
                        int left = i >= channels ? data[row + i - channels] & 0xFF : 0;
                        int up = y > 0 ? data[previous + i] & 0xFF : 0;
                        int upLeft = y > 0 && i >= channels ? data[previous + i - channels] & 0xFF : 0;
                        data[row + i] += (byte) paeth(left, up, upLeft);
                    }
                }
                default -> {
                    return null;
                }
            }
            int out = y * width * 3;
            if (channels == 3) {
                System.arraycopy(data, row, pixels, out, stride);
            } else {
                for (int i = row, end = row + stride; i < end; i += 4, out += 3) {
                    pixels[out] = data[i];
                    pixels[out + 1] = data[i + 1];
                    pixels[out + 2] = data[i + 2];
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }

    private static int paeth(int left, int up, int upLeft) {
        int estimate = left + up - upLeft;
        int toLeft = Math.abs(estimate - left);
        int toUp = Math.abs(estimate - up);
        int toUpLeft = Math.abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) {
            return left;
        }
        return toUp <= toUpLeft ? up : upLeft;
    }

    private static boolean startsWithSignature(byte[] png) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** The CRC of the chunk at {@code at} (over its type and data) equals the one stored after it. */
    private static boolean crcMatches(byte[] png, int at) {
        int length = readInt(png, at);
        CRC32 crc = new CRC32();
        crc.update(png, at + 4, 4 + length);
        return (int) crc.getValue() == readInt(png, at + 8 + length);
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                | (bytes[at + 3] & 0xFF);
    }

    private static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }
}
