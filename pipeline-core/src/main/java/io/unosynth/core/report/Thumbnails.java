package io.unosynth.core.report;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.util.Base64;

/** Small PNG data URLs of pair images, so the report carries its pictures inside and opens from disk. */
public final class Thumbnails {
    private Thumbnails() {}

    /** The image scaled so its longer side is at most {@code maxSide}, as a {@code data:image/png;base64} URL. */
    public static String dataUrl(byte[] encoded, String what, int maxSide) {
        RgbImage image = ImageCodec.decode(encoded, what);
        RgbImage small = Math.max(image.width(), image.height()) <= maxSide ? image
                : Resize.longestEdge(maxSide, ResampleFilter.BILINEAR).apply(image);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageCodec.encodePng(small));
    }
}
