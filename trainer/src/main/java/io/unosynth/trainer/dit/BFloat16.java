package io.unosynth.trainer.dit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * bfloat16 tensors on DJL's PyTorch engine. DJL 0.36's JNI maps no bfloat16 dtype: {@code toType(BFLOAT16)} and any
 * op that passes a bf16 tensor's dtype back to native code (e.g. {@code softmax}, a backward pass started from a bf16
 * scalar) abort the JVM, and {@code getDataType()} of a bf16 tensor reads {@code UNKNOWN}. libtorch itself computes
 * with bf16 tensors whatever DJL calls them (matmul, elementwise ops, reductions, views, autograd). The conversions
 * DJL cannot name run in a three-line TorchScript module ({@code bf16_cast.pt}, written by
 * {@code src/main/python/make_bf16_cast.py}) as a training forward, so gradients cross them.
 *
 * <p>Rules for code that may see bf16 tensors: convert only here; call {@code softmax} and start a backward pass on
 * float32 tensors only.
 */
public final class BFloat16 {
    private static final String MODULE = "bf16_cast.pt";
    private static volatile PtSymbolBlock cast;

    private BFloat16() {}

    /** Whether {@code x} holds bfloat16 (the only dtype this project creates that DJL reads as UNKNOWN). */
    public static boolean is(NDArray x) {
        return x.getDataType() == DataType.UNKNOWN;
    }

    /** {@code x} rounded to bfloat16 (nearest even); differentiable. A bf16 {@code x} is returned as is. */
    public static NDArray narrow(NDArray x) {
        return is(x) ? x : run(x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false));
    }

    /** {@code x} widened to float32 (exact); differentiable. A non-bf16 {@code x} is returned as is. */
    public static NDArray widen(NDArray x) {
        return is(x) ? run(x) : x;
    }

    /** {@code body(x)} computed in float32 and rounded back to bf16 when {@code x} is bf16 (one rounding, as
     * libtorch's fused bf16 kernels for norms and activations give); plain {@code body(x)} otherwise. */
    public static NDArray inFloat32(NDArray x, java.util.function.UnaryOperator<NDArray> body) {
        return is(x) ? narrow(body.apply(widen(x))) : body.apply(x);
    }

    /** Bytes libtorch holds for {@code x}'s elements (2 per bf16 value, 4 per float32). */
    public static long bytes(NDArray x) {
        return x.toByteBuffer().remaining();
    }

    private static NDArray run(NDArray x) {
        return IValueUtils.forward(module(), new NDList(x), true).singletonOrThrow();
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock loaded = cast;
        if (loaded == null) {
            synchronized (BFloat16.class) {
                loaded = cast;
                if (loaded == null) {
                    // A manager of its own, never closed: the module is stateless and serves every thread and device.
                    NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                    try (InputStream in = BFloat16.class.getResourceAsStream(MODULE)) {
                        if (in == null) {
                            throw new IllegalStateException("Cannot find resource " + MODULE + " beside "
                                    + BFloat16.class.getName());
                        }
                        loaded = JniUtils.loadModule((PtNDManager) manager, in, false, false);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot load " + MODULE, e);
                    }
                    cast = loaded;
                }
            }
        }
        return loaded;
    }
}
