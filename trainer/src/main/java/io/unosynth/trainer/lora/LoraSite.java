package io.unosynth.trainer.lora;

import io.unosynth.trainer.dit.DiTParams;
import java.util.ArrayList;
import java.util.List;

/**
 * One place UNO puts a LoRA ({@code set_lora} with no block indices: every block), named as its processors name it.
 *
 * @param name e.g. {@code double_blocks.0.processor.qkv_lora1}; tensors are {@code name.down.weight [rank, in]} and
 *     {@code name.up.weight [out, rank]}
 */
public record LoraSite(String name, int in, int out) {
    public String downKey() {
        return name + ".down.weight";
    }

    public String upKey() {
        return name + ".up.weight";
    }

    /**
     * Every site, in UNO's state-dict order: per double block qkv_lora1 and proj_lora1 (image stream), qkv_lora2 and
     * proj_lora2 (text stream); per single block qkv_lora (beside linear1's qkv part) and proj_lora (beside linear2,
     * whose input is cat(attention, gelu(mlp)), hidden + mlp wide: 15360 for FLUX.1-dev).
     */
    public static List<LoraSite> all(DiTParams p) {
        int hidden = p.hiddenSize();
        List<LoraSite> sites = new ArrayList<>();
        for (int i = 0; i < p.depth(); i++) {
            String prefix = "double_blocks." + i + ".processor.";
            sites.add(new LoraSite(prefix + "qkv_lora1", hidden, 3 * hidden));
            sites.add(new LoraSite(prefix + "proj_lora1", hidden, hidden));
            sites.add(new LoraSite(prefix + "qkv_lora2", hidden, 3 * hidden));
            sites.add(new LoraSite(prefix + "proj_lora2", hidden, hidden));
        }
        for (int i = 0; i < p.depthSingleBlocks(); i++) {
            String prefix = "single_blocks." + i + ".processor.";
            sites.add(new LoraSite(prefix + "qkv_lora", hidden, 3 * hidden));
            sites.add(new LoraSite(prefix + "proj_lora", hidden + p.mlpHiddenDim(), hidden));
        }
        return sites;
    }
}
