package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The FLUX transformer (flux's model.py) with UNO's reference tokens: clean reference tokens follow the noisy target
 * tokens through the same {@code img_in}, their UnoPE ids follow the target's, and only the target tokens reach the
 * final layer. Stateless apart from its module tree: weights and LoRA are arguments, so one tree serves the frozen
 * base model, training and inference.
 */
public final class FluxDiT {
    static final int TIME_EMBEDDING_DIM = 256;

    private final DiTParams params;
    private final Layers.Linear imgIn;
    private final Layers.Linear txtIn;
    private final Layers.MlpEmbedder timeIn;
    private final Layers.MlpEmbedder vectorIn;
    private final Layers.MlpEmbedder guidanceIn;
    private final List<DoubleStreamBlock> doubleBlocks = new ArrayList<>();
    private final List<SingleStreamBlock> singleBlocks = new ArrayList<>();
    private final Layers.LastLayer finalLayer;

    public FluxDiT(DiTParams params) {
        this.params = params;
        int hidden = params.hiddenSize();
        this.imgIn = new Layers.Linear("img_in", params.inChannels(), hidden, true);
        this.txtIn = new Layers.Linear("txt_in", params.contextInDim(), hidden, true);
        this.timeIn = Layers.MlpEmbedder.of("time_in", TIME_EMBEDDING_DIM, hidden);
        this.vectorIn = Layers.MlpEmbedder.of("vector_in", params.vecInDim(), hidden);
        this.guidanceIn = params.guidanceEmbed() ? Layers.MlpEmbedder.of("guidance_in", TIME_EMBEDDING_DIM, hidden)
                : null;
        for (int i = 0; i < params.depth(); i++) {
            doubleBlocks.add(new DoubleStreamBlock(i, params));
        }
        for (int i = 0; i < params.depthSingleBlocks(); i++) {
            singleBlocks.add(new SingleStreamBlock(i, params));
        }
        this.finalLayer = Layers.LastLayer.of(hidden, params.outChannels());
    }

    public DiTParams params() {
        return params;
    }

    /** Every parameter's checkpoint name and shape, walked from the module tree without allocating anything. */
    public ParameterShapes parameterShapes() {
        ParameterShapes shapes = new ParameterShapes();
        imgIn.declare(shapes);
        timeIn.declare(shapes);
        vectorIn.declare(shapes);
        if (guidanceIn != null) {
            guidanceIn.declare(shapes);
        }
        txtIn.declare(shapes);
        doubleBlocks.forEach(block -> block.declare(shapes));
        singleBlocks.forEach(block -> block.declare(shapes));
        finalLayer.declare(shapes);
        return shapes;
    }

    public List<DoubleStreamBlock> doubleBlocks() {
        return List.copyOf(doubleBlocks);
    }

    public List<SingleStreamBlock> singleBlocks() {
        return List.copyOf(singleBlocks);
    }

    /** The streams entering the first block: projected tokens, the conditioning vector and the rotary angles. */
    public record Embedded(NDArray img, NDArray txt, NDArray vec, FluxMath.Rope rope, int targetTokens) {}

    /** Input projections, {@code vec = time_in(t) + guidance_in(g) + vector_in(y)}, rotary angles of [txt | img]. */
    public Embedded embed(Weights w, DiTInput input) {
        input.check(params);
        boolean bf16 = w.isBFloat16();
        NDArray vec = timeIn.forward(w, timeEmbedding(input.timesteps(), bf16));
        if (guidanceIn != null) {
            vec = vec.add(guidanceIn.forward(w, timeEmbedding(input.guidance(), bf16)));
        }
        vec = vec.add(vectorIn.forward(w, inWeightType(input.y(), bf16)));
        NDManager manager = input.img().getManager();
        FluxMath.Rope rope = FluxMath.rope(manager, input.allIds(), params.axesDim(), params.theta());
        return new Embedded(imgIn.forward(w, inWeightType(input.img(), bf16)),
                txtIn.forward(w, inWeightType(input.txt(), bf16)), vec, rope, input.targetTokens());
    }

    /**
     * Over a bf16 base the inputs enter in bf16, as UNO's train.py casts them ({@code .to(weight_dtype)}), timesteps
     * and guidance included; the sinusoidal embedding is computed in float32 from the rounded value.
     */
    private static NDArray timeEmbedding(NDArray t, boolean bf16) {
        NDArray rounded = bf16 ? BFloat16.widen(BFloat16.narrow(t)) : t;
        return inWeightType(FluxMath.timestepEmbedding(rounded, TIME_EMBEDDING_DIM), bf16);
    }

    private static NDArray inWeightType(NDArray x, boolean bf16) {
        return bf16 ? BFloat16.narrow(x) : x;
    }

    /**
     * The final layer on the target tokens of the single-stream output {@code [B, L_txt + L_img, hidden]}, always
     * float32 (a bf16 base's prediction is widened, as UNO's loss takes {@code model_pred.float()}).
     */
    public NDArray head(Weights w, NDArray joint, Embedded embedded) {
        long textTokens = embedded.txt().getShape().get(1);
        NDArray target = joint.get(":, {}:{}", textTokens, textTokens + embedded.targetTokens());
        return BFloat16.widen(finalLayer.forward(w, target, embedded.vec()));
    }

    /** The velocity prediction for the target tokens, {@code [B, targetTokens, outChannels]}, float32. */
    public NDArray forward(Weights w, LinearAdapter lora, DiTInput input) {
        Embedded e = embed(w, input);
        NDArray img = e.img();
        NDArray txt = e.txt();
        for (DoubleStreamBlock block : doubleBlocks) {
            DoubleStreamBlock.Output out = block.forward(w, lora, img, txt, e.vec(), e.rope());
            img = out.img();
            txt = out.txt();
        }
        NDArray joint = txt.concat(img, 1);
        for (SingleStreamBlock block : singleBlocks) {
            joint = block.forward(w, lora, joint, e.vec(), e.rope());
        }
        return head(w, joint, e);
    }
}
