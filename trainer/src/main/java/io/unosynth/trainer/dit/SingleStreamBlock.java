package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.unosynth.trainer.dit.Layers.Linear;
import io.unosynth.trainer.dit.Layers.Modulation;
import io.unosynth.trainer.dit.Layers.ModulationOut;
import io.unosynth.trainer.dit.Layers.QkNorm;

/**
 * flux's SingleStreamBlock: one sequence [text | image], a fused {@code linear1} giving qkv and the MLP input in
 * parallel, and {@code linear2} over cat(attention, gelu(mlp)). UNO's LoRA sites: {@code qkv_lora} beside the qkv
 * part of linear1 (same input), {@code proj_lora} beside linear2 (same, hidden + mlp wide, input).
 */
public final class SingleStreamBlock {
    private final String name;
    private final int hidden;
    private final int heads;
    private final Linear linear1;
    private final Linear linear2;
    private final QkNorm norm;
    private final Modulation modulation;

    public SingleStreamBlock(int index, DiTParams p) {
        this.name = "single_blocks." + index;
        this.hidden = p.hiddenSize();
        this.heads = p.numHeads();
        int mlp = p.mlpHiddenDim();
        this.linear1 = new Linear(name + ".linear1", hidden, 3 * hidden + mlp, true);
        this.linear2 = new Linear(name + ".linear2", hidden + mlp, hidden, true);
        this.norm = new QkNorm(name + ".norm", p.headDim());
        this.modulation = Modulation.of(name + ".modulation", hidden, false);
    }

    public String name() {
        return name;
    }

    void declare(ParameterShapes shapes) {
        linear1.declare(shapes);
        linear2.declare(shapes);
        norm.declare(shapes);
        modulation.declare(shapes);
    }

    /** {@code x [B, L_txt + L_img, hidden] -> same}. */
    public NDArray forward(Weights w, LinearAdapter lora, NDArray x, NDArray vec, FluxMath.Rope rope) {
        ModulationOut mod = modulation.forward(w, vec)[0];
        NDArray modulated = FluxMath.modulate(FluxMath.layerNorm(x), mod.shift(), mod.scale());
        NDList qkvAndMlp = linear1.forward(w, modulated).split(new long[] {3L * hidden}, 2);
        NDArray qkv = lora.apply(name + ".processor.qkv_lora", modulated, qkvAndMlp.get(0));
        NDArray[] split = Layers.splitHeads(qkv, heads);
        NDArray attention = FluxMath.attention(norm.query(w, split[0]), norm.key(w, split[1]), split[2], rope);
        NDArray joined = attention.concat(FluxMath.geluTanh(qkvAndMlp.get(1)), 2);
        NDArray output = lora.apply(name + ".processor.proj_lora", joined, linear2.forward(w, joined));
        return x.add(mod.gate().mul(output));
    }
}
