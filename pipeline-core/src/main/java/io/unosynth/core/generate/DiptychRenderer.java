package io.unosynth.core.generate;

import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * A text-to-image model as the generate stage sees it (the FLUX sampler in model-runtime). Requests of one call share
 * a size; each image depends only on its own request.
 */
public interface DiptychRenderer {
    /** The models behind it with their checksums, recorded with every pair, e.g. {@code flux=sha256:ab12...}. */
    String modelIds();

    List<RgbImage> render(List<RenderRequest> batch);
}
