package io.unosynth.runtime.sampling;

import io.unosynth.core.image.RgbImage;
import java.util.List;

/** The FLUX VAE, with its scale and shift applied inside: latents in the transformer's space. */
public interface LatentCodec {
    int CHANNELS = 16;

    /** @param latents {@code [batch, 16, height, width]} -> images of 8x the size */
    List<RgbImage> decode(float[] latents, int batch, int height, int width);

    /** @return {@code [16, image.height() / 8, image.width() / 8]}; sides must be multiples of 16 */
    float[] encode(RgbImage image);
}
