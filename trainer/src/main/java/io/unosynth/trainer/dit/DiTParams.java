package io.unosynth.trainer.dit;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The sizes of a FLUX-architecture transformer, field for field black-forest-labs/flux's {@code FluxParams}.
 *
 * @param axesDim rotary dimensions per position-id axis; they sum to the head dimension
 */
public record DiTParams(int inChannels, int outChannels, int vecInDim, int contextInDim, int hiddenSize,
        double mlpRatio, int numHeads, int depth, int depthSingleBlocks, List<Integer> axesDim, int theta,
        boolean qkvBias, boolean guidanceEmbed) {
    /** FLUX.1-dev ({@code configs["flux-dev"]} in flux's util.py): about 11.9 billion parameters. */
    public static final DiTParams FLUX_DEV =
            new DiTParams(64, 64, 768, 4096, 3072, 4.0, 24, 19, 38, List.of(16, 56, 56), 10_000, true, true);

    /** The size the tests use, and {@code make_dit_fixture.py} writes: hidden 64, 4 heads, 2 + 2 blocks. */
    public static final DiTParams MINIATURE =
            new DiTParams(64, 64, 32, 48, 64, 4.0, 4, 2, 2, List.of(4, 6, 6), 10_000, true, true);

    public DiTParams {
        requireNonNull(axesDim, "axesDim is null");
        axesDim = List.copyOf(axesDim);
        checkArgument(numHeads > 0 && hiddenSize % numHeads == 0,
                "Invalid DiT hidden size: %s is not divisible by %s heads", hiddenSize, numHeads);
        int axesSum = axesDim.stream().mapToInt(Integer::intValue).sum();
        checkArgument(axesSum == hiddenSize / numHeads,
                "Invalid DiT axes_dim: %s sums to %s, the head dimension is %s", axesDim, axesSum,
                hiddenSize / numHeads);
        checkArgument(axesDim.stream().allMatch(dim -> dim > 0 && dim % 2 == 0),
                "Invalid DiT axes_dim: %s has an odd or non-positive entry", axesDim);
        checkArgument(inChannels > 0 && outChannels > 0 && vecInDim > 0 && contextInDim > 0,
                "Invalid DiT widths: in %s, out %s, vec %s, context %s", inChannels, outChannels, vecInDim,
                contextInDim);
        checkArgument(depth >= 0 && depthSingleBlocks >= 0 && depth + depthSingleBlocks > 0,
                "Invalid DiT depth: %s double and %s single blocks", depth, depthSingleBlocks);
        checkArgument(mlpRatio > 0 && theta > 0, "Invalid DiT mlp ratio %s or theta %s", mlpRatio, theta);
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public int mlpHiddenDim() {
        return (int) (hiddenSize * mlpRatio);
    }

    /** A copy for other text encoders: T5 token width {@code contextInDim}, pooled CLIP width {@code vecInDim}. */
    public DiTParams withTextWidths(int contextWidth, int vecWidth) {
        return new DiTParams(inChannels, outChannels, vecWidth, contextWidth, hiddenSize, mlpRatio, numHeads, depth,
                depthSingleBlocks, axesDim, theta, qkvBias, guidanceEmbed);
    }

    /** A copy with other block counts, e.g. for benchmarks at a mid size. */
    public DiTParams withDepth(int doubleBlocks, int singleBlocks) {
        return new DiTParams(inChannels, outChannels, vecInDim, contextInDim, hiddenSize, mlpRatio, numHeads,
                doubleBlocks, singleBlocks, axesDim, theta, qkvBias, guidanceEmbed);
    }
}
