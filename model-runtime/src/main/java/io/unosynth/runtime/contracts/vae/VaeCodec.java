package io.unosynth.runtime.contracts.vae;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.sampling.LatentCodec;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FLUX VAE pair as a {@link LatentCodec}: decoder {@code latent [B, 16, h, w] -> images [B, 3, 8h, 8w]},
 * encoder {@code images [B, 3, H, W] -> latent [B, 16, H/8, W/8]}, images in [-1, 1], latents scaled and shifted
 * by {@link VaeScaling}. The encoder is optional (not every FLUX bundle has one); without it only text-to-image
 * sampling works.
 */
public final class VaeCodec implements LatentCodec {
    public static final String LATENT = "latent";
    public static final String IMAGES = "images";
    /** latent (B, 16, h, w) -> images (B, 3, 8h, 8w). */
    public static final ContractSignature DECODER_SIGNATURE = ContractSignature.builder()
            .input(LATENT, Kind.ACTIVATION, TensorSpec.DYNAMIC, CHANNELS, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(IMAGES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();
    /** images (B, 3, H, W) -> latent (B, 16, H/8, W/8). */
    public static final ContractSignature ENCODER_SIGNATURE = ContractSignature.builder()
            .input(IMAGES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(LATENT, Kind.ACTIVATION, TensorSpec.DYNAMIC, CHANNELS, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();
    private static final int FACTOR = 8;

    private final ContractSession decoder;
    private final Optional<ContractSession> encoder;
    private final BatchSize batchSize;

    public VaeCodec(ContractSession decoder, Optional<ContractSession> encoder, BatchSize batchSize) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.encoder = requireNonNull(encoder, "encoder is null");
        this.batchSize = requireNonNull(batchSize, "batchSize is null");
        decoder.floatInputType(LATENT);
        decoder.requireOutput(IMAGES);
        encoder.ifPresent(e -> {
            e.floatInputType(IMAGES);
            e.requireOutput(LATENT);
        });
    }

    @Override
    public List<RgbImage> decode(float[] latents, int batch, int height, int width) {
        int size = CHANNELS * height * width;
        Preconditions.checkArgument(latents.length == batch * size, "Invalid latents: %s values for [%s, %s, %s, %s]",
                latents.length, batch, CHANNELS, height, width);
        float[] scaled = VaeScaling.toVae(latents);
        List<Integer> indices = java.util.stream.IntStream.range(0, batch).boxed().toList();
        List<RgbImage> images = new ArrayList<>(batch);
        int outHeight = height * FACTOR;
        int outWidth = width * FACTOR;
        int imageValues = 3 * outHeight * outWidth;
        for (List<Integer> chunk : batchSize.split(indices)) {
            float[] part = new float[chunk.size() * size];
            System.arraycopy(scaled, chunk.get(0) * size, part, 0, part.length);
            Tensor input = decoder.floats(LATENT, part, chunk.size(), CHANNELS, height, width);
            Tensor output = decoder.run(Map.of(LATENT, input), List.of(IMAGES)).get(IMAGES);
            decoder.checkShape(IMAGES, output, chunk.size(), 3, outHeight, outWidth);
            float[] planes = output.toFloatArray();
            for (int i = 0; i < chunk.size(); i++) {
                images.add(PixelNormalization.SIGNED_UNIT.fromChw(planes, i * imageValues, outWidth, outHeight));
            }
        }
        return images;
    }

    @Override
    public float[] encode(RgbImage image) {
        ContractSession session = encoder.orElseThrow(() -> new PipelineException(PipelineErrorCode.INVALID_CONFIG,
                "Cannot encode a reference image: no VAE encoder model is configured"));
        Preconditions.checkArgument(image.width() % 16 == 0 && image.height() % 16 == 0,
                "Invalid image for the VAE encoder: %sx%s, sides must be multiples of 16", image.width(),
                image.height());
        Tensor input = session.floats(IMAGES, PixelNormalization.SIGNED_UNIT.toChw(image), 1, 3, image.height(),
                image.width());
        Tensor output = session.run(Map.of(IMAGES, input), List.of(LATENT)).get(LATENT);
        session.checkShape(LATENT, output, 1, CHANNELS, image.height() / FACTOR, image.width() / FACTOR);
        return VaeScaling.fromVae(output.toFloatArray());
    }
}
