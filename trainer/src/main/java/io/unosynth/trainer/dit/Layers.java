package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The small modules of flux's layers.py. Each knows its parameter names ({@code declare}) and computes with weights
 * looked up by those names, so the same tree gives the checkpoint layout and the forward pass.
 */
public final class Layers {
    private Layers() {}

    /** {@code nn.Linear}: {@code x W^T + b}, {@code [..., in] -> [..., out]}. */
    public record Linear(String name, int in, int out, boolean bias) {
        void declare(ParameterShapes shapes) {
            shapes.linear(name, in, out, bias);
        }

        NDArray forward(Weights w, NDArray x) {
            NDArray y = x.matMul(w.get(name + ".weight").transpose());
            return bias ? y.add(w.get(name + ".bias")) : y;
        }
    }

    /** {@code in_layer -> SiLU -> out_layer}. */
    public record MlpEmbedder(Linear inLayer, Linear outLayer) {
        static MlpEmbedder of(String name, int in, int hidden) {
            return new MlpEmbedder(new Linear(name + ".in_layer", in, hidden, true),
                    new Linear(name + ".out_layer", hidden, hidden, true));
        }

        void declare(ParameterShapes shapes) {
            inLayer.declare(shapes);
            outLayer.declare(shapes);
        }

        NDArray forward(Weights w, NDArray x) {
            return outLayer.forward(w, FluxMath.silu(inLayer.forward(w, x)));
        }
    }

    /** RMSNorm of queries and keys per head, each with its own {@code scale [headDim]}. */
    public record QkNorm(String name, int headDim) {
        void declare(ParameterShapes shapes) {
            shapes.add(name + ".query_norm.scale", headDim);
            shapes.add(name + ".key_norm.scale", headDim);
        }

        NDArray query(Weights w, NDArray q) {
            return FluxMath.rmsNorm(q, w.get(name + ".query_norm.scale"));
        }

        NDArray key(Weights w, NDArray k) {
            return FluxMath.rmsNorm(k, w.get(name + ".key_norm.scale"));
        }
    }

    /** Shift, scale and gate for one adaLN site, each {@code [B, 1, hidden]}. */
    public record ModulationOut(NDArray shift, NDArray scale, NDArray gate) {}

    /** {@code lin(silu(vec))} split into 3 (single) or 6 (double) chunks. */
    public record Modulation(Linear lin, int chunks) {
        static Modulation of(String name, int hidden, boolean isDouble) {
            int chunks = isDouble ? 6 : 3;
            return new Modulation(new Linear(name + ".lin", hidden, chunks * hidden, true), chunks);
        }

        void declare(ParameterShapes shapes) {
            lin.declare(shapes);
        }

        /** {@code vec [B, hidden]} -> one or two {@link ModulationOut}. */
        ModulationOut[] forward(Weights w, NDArray vec) {
            NDList parts = lin.forward(w, FluxMath.silu(vec)).expandDims(1).split(chunks, 2);
            ModulationOut[] out = new ModulationOut[chunks / 3];
            for (int i = 0; i < out.length; i++) {
                out[i] = new ModulationOut(parts.get(3 * i), parts.get(3 * i + 1), parts.get(3 * i + 2));
            }
            return out;
        }
    }

    /** "B L (K H D) -> K B H L D" with K = 3: the queries, keys and values of a fused qkv projection. */
    static NDArray[] splitHeads(NDArray qkv, int heads) {
        Shape shape = qkv.getShape();
        long headDim = shape.get(2) / (3L * heads);
        NDArray split = qkv.reshape(shape.get(0), shape.get(1), 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        return new NDArray[] {split.get(0), split.get(1), split.get(2)};
    }

    /** adaLN and the output projection, applied to the target tokens. */
    public record LastLayer(Linear linear, Linear adaLnModulation) {
        static LastLayer of(int hidden, int outChannels) {
            return new LastLayer(new Linear("final_layer.linear", hidden, outChannels, true),
                    new Linear("final_layer.adaLN_modulation.1", hidden, 2 * hidden, true));
        }

        void declare(ParameterShapes shapes) {
            linear.declare(shapes);
            adaLnModulation.declare(shapes);
        }

        /** {@code x [B, L, hidden], vec [B, hidden] -> [B, L, out]}; note: shift first, then scale. */
        NDArray forward(Weights w, NDArray x, NDArray vec) {
            NDList shiftScale = adaLnModulation.forward(w, FluxMath.silu(vec)).expandDims(1).split(2, 2);
            return linear.forward(w, FluxMath.modulate(FluxMath.layerNorm(x), shiftScale.get(0), shiftScale.get(1)));
        }
    }
}
