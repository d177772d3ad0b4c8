package io.unosynth.trainer.dit;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;

/**
 * One transformer call in flux's layouts, with UNO's reference tokens appended to the image sequence.
 *
 * @param img {@code [B, N, in]}: {@code targetTokens} noisy target tokens, then clean reference tokens
 * @param imgIds {@code [N, 3]} row-major; references carry UnoPE ids
 * @param txt {@code [B, L, context]} T5 embeddings
 * @param txtIds {@code [L, 3]}, all zeros in FLUX
 * @param timesteps {@code [B]} raw t in [0, 1]
 * @param y {@code [B, vec]} pooled CLIP embedding
 * @param guidance {@code [B]} distilled guidance (1 in UNO's training)
 */
public record DiTInput(NDArray img, float[] imgIds, NDArray txt, float[] txtIds, NDArray timesteps, NDArray y,
        NDArray guidance, int targetTokens) {
    public DiTInput {
        requireNonNull(img, "img is null");
        requireNonNull(txt, "txt is null");
        requireNonNull(timesteps, "timesteps is null");
        requireNonNull(y, "y is null");
        checkArgument(img.getShape().dimension() == 3 && txt.getShape().dimension() == 3,
                "Invalid DiT input: img %s and txt %s must be [batch, tokens, features]", img.getShape(),
                txt.getShape());
        checkArgument(imgIds.length == img.getShape().get(1) * 3, "Invalid img_ids: %s values for %s image tokens",
                imgIds.length, img.getShape().get(1));
        checkArgument(txtIds.length == txt.getShape().get(1) * 3, "Invalid txt_ids: %s values for %s text tokens",
                txtIds.length, txt.getShape().get(1));
        checkArgument(targetTokens > 0 && targetTokens <= img.getShape().get(1),
                "Invalid target token count %s of %s image tokens", targetTokens, img.getShape().get(1));
    }

    void check(DiTParams p) {
        checkArgument(img.getShape().get(2) == p.inChannels(), "Invalid img: %s features, the DiT takes %s",
                img.getShape().get(2), p.inChannels());
        checkArgument(txt.getShape().get(2) == p.contextInDim(), "Invalid txt: %s features, the DiT takes %s",
                txt.getShape().get(2), p.contextInDim());
        checkArgument(y.getShape().get(1) == p.vecInDim(), "Invalid y: %s features, the DiT takes %s",
                y.getShape().get(1), p.vecInDim());
        checkArgument(!p.guidanceEmbed() || guidance != null, "Invalid DiT input: this DiT needs a guidance value");
    }

    /** {@code cat(txt_ids, img_ids)}, the order of the joint sequence. */
    float[] allIds() {
        float[] ids = new float[txtIds.length + imgIds.length];
        System.arraycopy(txtIds, 0, ids, 0, txtIds.length);
        System.arraycopy(imgIds, 0, ids, txtIds.length, imgIds.length);
        return ids;
    }
}
