package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import io.unosynth.trainer.dit.Layers.Linear;
import io.unosynth.trainer.dit.Layers.Modulation;
import io.unosynth.trainer.dit.Layers.ModulationOut;
import io.unosynth.trainer.dit.Layers.QkNorm;

/**
 * flux's DoubleStreamBlock: image and text tokens keep their own weights (modulation, qkv, QK norm, proj, MLP) and
 * meet in one joint attention over [text | image]. UNO's LoRA adds to qkv and proj: sites {@code qkv_lora1},
 * {@code proj_lora1} on the image stream and {@code qkv_lora2}, {@code proj_lora2} on the text stream.
 */
public final class DoubleStreamBlock {
    private final String name;
    private final int heads;
    private final Stream img;
    private final Stream txt;

    /** One stream's modules, e.g. {@code img_mod}, {@code img_attn.qkv}, ..., {@code img_mlp.2}. */
    private record Stream(String loraIndex, Modulation mod, Linear qkv, QkNorm norm, Linear proj, Linear mlpIn,
            Linear mlpOut) {
        static Stream of(String block, String stream, String loraIndex, DiTParams p) {
            String prefix = block + "." + stream;
            int hidden = p.hiddenSize();
            return new Stream(loraIndex, Modulation.of(prefix + "_mod", hidden, true),
                    new Linear(prefix + "_attn.qkv", hidden, 3 * hidden, p.qkvBias()),
                    new QkNorm(prefix + "_attn.norm", p.headDim()),
                    new Linear(prefix + "_attn.proj", hidden, hidden, true),
                    new Linear(prefix + "_mlp.0", hidden, p.mlpHiddenDim(), true),
                    new Linear(prefix + "_mlp.2", p.mlpHiddenDim(), hidden, true));
        }

        void declare(ParameterShapes shapes) {
            mod.declare(shapes);
            qkv.declare(shapes);
            norm.declare(shapes);
            proj.declare(shapes);
            mlpIn.declare(shapes);
            mlpOut.declare(shapes);
        }
    }

    /** The two streams after the block, {@code [B, L_img, hidden]} and {@code [B, L_txt, hidden]}. */
    public record Output(NDArray img, NDArray txt) {}

    public DoubleStreamBlock(int index, DiTParams p) {
        this.name = "double_blocks." + index;
        this.heads = p.numHeads();
        this.img = Stream.of(name, "img", "1", p);
        this.txt = Stream.of(name, "txt", "2", p);
    }

    public String name() {
        return name;
    }

    void declare(ParameterShapes shapes) {
        img.declare(shapes);
        txt.declare(shapes);
    }

    public Output forward(Weights w, LinearAdapter lora, NDArray imgIn, NDArray txtIn, NDArray vec,
            FluxMath.Rope rope) {
        ModulationOut[] imgMod = img.mod().forward(w, vec);
        ModulationOut[] txtMod = txt.mod().forward(w, vec);
        NDArray[] imgQkv = queryKeyValue(w, lora, img, imgIn, imgMod[0]);
        NDArray[] txtQkv = queryKeyValue(w, lora, txt, txtIn, txtMod[0]);

        NDArray q = txtQkv[0].concat(imgQkv[0], 2);
        NDArray k = txtQkv[1].concat(imgQkv[1], 2);
        NDArray v = txtQkv[2].concat(imgQkv[2], 2);
        NDArray attention = FluxMath.attention(q, k, v, rope);
        long textTokens = txtIn.getShape().get(1);
        NDArray txtAttention = attention.get(":, :{}", textTokens);
        NDArray imgAttention = attention.get(":, {}:", textTokens);

        return new Output(residual(w, lora, img, imgIn, imgAttention, imgMod),
                residual(w, lora, txt, txtIn, txtAttention, txtMod));
    }

    /** Modulated LayerNorm, qkv (+ LoRA), split into heads, QK RMSNorm: {@code [B, H, L, D]} each. */
    private NDArray[] queryKeyValue(Weights w, LinearAdapter lora, Stream s, NDArray x, ModulationOut mod) {
        NDArray modulated = FluxMath.modulate(FluxMath.layerNorm(x), mod.shift(), mod.scale());
        NDArray qkv = lora.apply(site("qkv_lora", s), modulated, s.qkv().forward(w, modulated));
        NDArray[] split = Layers.splitHeads(qkv, heads);
        return new NDArray[] {s.norm().query(w, split[0]), s.norm().key(w, split[1]), split[2]};
    }

    /** {@code x + gate1 * (proj(attn) + LoRA)}, then {@code + gate2 * mlp(modulated LayerNorm)}. */
    private NDArray residual(Weights w, LinearAdapter lora, Stream s, NDArray x, NDArray attention,
            ModulationOut[] mod) {
        NDArray projected = lora.apply(site("proj_lora", s), attention, s.proj().forward(w, attention));
        NDArray afterAttention = x.add(mod[0].gate().mul(projected));
        NDArray hidden = s.mlpIn().forward(w,
                FluxMath.modulate(FluxMath.layerNorm(afterAttention), mod[1].shift(), mod[1].scale()));
        return afterAttention.add(mod[1].gate().mul(s.mlpOut().forward(w, FluxMath.geluTanh(hidden))));
    }

    private String site(String kind, Stream s) {
        return name + ".processor." + kind + s.loraIndex();
    }
}
