package io.unosynth.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.unosynth.trainer.dit.BFloat16;
import io.unosynth.trainer.dit.DiTInput;
import io.unosynth.trainer.dit.DoubleStreamBlock;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.FluxMath;
import io.unosynth.trainer.dit.SingleStreamBlock;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The loss of one micro-batch, {@code mean((prediction - target)^2)}, with its gradient added to the LoRA tensors'
 * gradients (the base weights never require one). Two ways with equal gradients:
 * <ul>
 *   <li>{@link #full}: one autograd graph over the whole forward pass; every block's activations are kept.</li>
 *   <li>{@link #checkpointed}: the forward pass runs without a graph, keeping only each block's input; the backward
 *   pass walks the blocks from last to first, recomputes a block from its saved input under a gradient collector
 *   and backpropagates the incoming gradient g through it as {@code d/d(in) sum(block(in) * g)}, giving the
 *   gradient for the block below. Peak memory holds one block's activations plus the block inputs.</li>
 * </ul>
 */
public final class Backprop {
    /** A collector per use, on the calling thread: the single-device path. */
    private static final Supplier<GradientCollector> OWN_COLLECTOR = () -> Engine.getInstance()
            .newGradientCollector();

    private Backprop() {}

    /** @return the unscaled loss; gradients are of {@code lossScale * loss} */
    public static float full(FluxDiT dit, Weights w, UnoLora lora, DiTInput input, NDArray target, float lossScale) {
        return full(dit, w, lora, input, target, lossScale, OWN_COLLECTOR);
    }

    /**
     * As {@link #full}, differentiating through collectors from {@code collectors}: the engine allows one open
     * collector at a time, so device threads share one their caller opened (see {@link DeviceReplicas}).
     */
    static float full(FluxDiT dit, Weights w, UnoLora lora, DiTInput input, NDArray target, float lossScale,
            Supplier<GradientCollector> collectors) {
        try (GradientCollector collector = collectors.get()) {
            NDArray loss = dit.forward(w, lora, input).sub(target).square().mean();
            collector.backward(loss.mul(FluxMath.constant(loss, lossScale)));
            return loss.getFloat();
        }
    }

    /** As {@link #full}, recomputing each block in the backward pass. */
    public static float checkpointed(FluxDiT dit, Weights w, UnoLora lora, DiTInput input, NDArray target,
            float lossScale) {
        return checkpointed(dit, w, lora, input, target, lossScale, OWN_COLLECTOR);
    }

    /** As {@link #checkpointed}, with collectors from {@code collectors} (see {@link #full(FluxDiT, Weights,
     * UnoLora, DiTInput, NDArray, float, Supplier)}). */
    static float checkpointed(FluxDiT dit, Weights w, UnoLora lora, DiTInput input, NDArray target,
            float lossScale, Supplier<GradientCollector> collectors) {
        FluxDiT.Embedded e = dit.embed(w, input); // frozen layers only: nothing to differentiate
        UnoLora constant = lora.detached(); // the graph-free forward pass must not reach the LoRA tensors
        List<DoubleStreamBlock> doubles = dit.doubleBlocks();
        List<SingleStreamBlock> singles = dit.singleBlocks();

        List<NDArray[]> doubleInputs = new ArrayList<>();
        NDArray[] streams = {e.img(), e.txt()};
        for (DoubleStreamBlock block : doubles) {
            doubleInputs.add(streams);
            NDArray[] in = streams;
            streams = inOwnScope(() -> {
                DoubleStreamBlock.Output out = block.forward(w, constant, in[0], in[1], e.vec(), e.rope());
                return new NDArray[] {out.img(), out.txt()};
            });
        }
        List<NDArray> singleInputs = new ArrayList<>();
        NDArray joint = streams[1].concat(streams[0], 1);
        for (SingleStreamBlock block : singles) {
            singleInputs.add(joint);
            NDArray in = joint;
            joint = inOwnScope(() -> new NDArray[] {block.forward(w, constant, in, e.vec(), e.rope())})[0];
        }

        float[] lossValue = new float[1];
        NDArray headInput = joint;
        NDArray gradient = inOwnScope(() -> {
            headInput.setRequiresGradient(true);
            try (GradientCollector collector = collectors.get()) {
                NDArray loss = dit.head(w, headInput, e).sub(target).square().mean();
                collector.backward(loss.mul(FluxMath.constant(loss, lossScale)));
                lossValue[0] = loss.getFloat();
            }
            return new NDArray[] {headInput.getGradient().duplicate()};
        })[0];

        for (int i = singles.size() - 1; i >= 0; i--) {
            SingleStreamBlock block = singles.get(i);
            NDArray in = singleInputs.get(i);
            NDArray g = gradient;
            gradient = inOwnScope(() -> {
                in.setRequiresGradient(true);
                try (GradientCollector collector = collectors.get()) {
                    NDArray out = block.forward(w, lora, in, e.vec(), e.rope());
                    collector.backward(BFloat16.widen(out.mul(g).sum())); // DJL starts no backward at bf16
                }
                return new NDArray[] {in.getGradient().duplicate()};
            })[0];
        }

        long textTokens = e.txt().getShape().get(1);
        NDArray[] gradients = {gradient.get(":, {}:", textTokens), gradient.get(":, :{}", textTokens)};
        for (int i = doubles.size() - 1; i >= 0; i--) {
            DoubleStreamBlock block = doubles.get(i);
            NDArray[] in = doubleInputs.get(i);
            NDArray[] g = gradients;
            boolean belowIsABlock = i > 0; // the embeddings below block 0 are frozen
            gradients = inOwnScope(() -> {
                if (belowIsABlock) {
                    in[0].setRequiresGradient(true);
                    in[1].setRequiresGradient(true);
                }
                try (GradientCollector collector = collectors.get()) {
                    DoubleStreamBlock.Output out = block.forward(w, lora, in[0], in[1], e.vec(), e.rope());
                    collector.backward(BFloat16.widen(out.img().mul(g[0]).sum().add(out.txt().mul(g[1]).sum())));
                }
                return belowIsABlock
                        ? new NDArray[] {in[0].getGradient().duplicate(), in[1].getGradient().duplicate()}
                        : new NDArray[0];
            });
        }
        return lossValue[0];
    }

    /**
     * Runs {@code body} in its own {@link NDScope} so the block's intermediates are freed as soon as it ends; the
     * returned arrays move to the enclosing scope.
     */
    private static NDArray[] inOwnScope(Supplier<NDArray[]> body) {
        NDArray[] kept;
        try (NDScope scope = new NDScope()) {
            kept = body.get();
            NDScope.unregister(kept);
        }
        for (NDArray array : kept) {
            NDScope.register(array);
        }
        return kept;
    }
}
