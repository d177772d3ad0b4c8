package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.unosynth.core.error.Preconditions;

/**
 * A FLUX-contract VAE pair with random weights; both have dynamic batch and spatial size.
 * <ul>
 *   <li>decoder: {@code latent [batch, 16, h, w] -> images [batch, 3, 8h, 8w]}: conv_in, three (nearest x2
 *       upsample, 3x3 conv, SiLU) stages, conv_out;</li>
 *   <li>encoder: {@code images [batch, 3, H, W] -> latent [batch, 16, H/8, W/8]}: conv_in, three (3x3 stride-2
 *       conv, SiLU) stages, a 1x1 conv to the latent channels (the posterior mean; no sampling).</li>
 * </ul>
 * Output names follow NVIDIA's TensorRT FLUX demo export ({@code latent -> images}, {@code images -> latent}).
 */
final class Vae {
    private static final int STAGES = 3;

    private Vae() {}

    /** Latent channels and the width of the convolution stages. */
    record Params(int latentChannels, int channels) {
        Params {
            Preconditions.checkArgument(latentChannels > 0 && channels > 0,
                    "Invalid VAE channels: latent %d, stages %d", latentChannels, channels);
        }
    }

    static ModelProto buildDecoder(Params p, long seed) {
        GraphBuilder g = new GraphBuilder("vae_decoder", seed);
        Layers layers = new Layers(g);
        String latent = g.input("latent", FLOAT, "batch", p.latentChannels(), "latent_height", "latent_width");
        String x = conv(g, "decoder.conv_in", latent, p.latentChannels(), p.channels(), 3, 1);
        for (int i = 0; i < STAGES; i++) {
            x = layers.silu(conv(g, "decoder.up." + i, g.resizeNearest(x, 2f), p.channels(), p.channels(), 3, 1));
        }
        String images = conv(g, "decoder.conv_out", x, p.channels(), 3, 3, 1);
        g.output(images, "images", FLOAT, "batch", 3, "height", "width");
        return g.build("FLUX-contract VAE decoder, random weights: " + p);
    }

    static ModelProto buildEncoder(Params p, long seed) {
        GraphBuilder g = new GraphBuilder("vae_encoder", seed);
        Layers layers = new Layers(g);
        String images = g.input("images", FLOAT, "batch", 3, "height", "width");
        String x = conv(g, "encoder.conv_in", images, 3, p.channels(), 3, 1);
        for (int i = 0; i < STAGES; i++) {
            x = layers.silu(conv(g, "encoder.down." + i, x, p.channels(), p.channels(), 3, 2));
        }
        String latent = conv(g, "encoder.conv_out", x, p.channels(), p.latentChannels(), 1, 1);
        g.output(latent, "latent", FLOAT, "batch", p.latentChannels(), "latent_height", "latent_width");
        return g.build("FLUX-contract VAE encoder, random weights: " + p);
    }

    /** A kernel x kernel conv with "same" padding, {@code [B, in, H, W] -> [B, out, H/stride, W/stride]}. */
    private static String conv(GraphBuilder g, String prefix, String x, int in, int out, int kernel, int stride) {
        String weight = g.normal(prefix + ".weight", 1.0 / Math.sqrt(in * kernel * kernel), out, in, kernel, kernel);
        return g.conv(x, weight, g.normal(prefix + ".bias", 0.02, out), kernel, stride, kernel / 2);
    }
}
