package io.unosynth.trainer.lora;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.dit.BFloat16;
import io.unosynth.trainer.dit.TorchTensors;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.LinearAdapter;
import io.unosynth.trainer.dit.ParameterShapes;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import io.unosynth.trainer.safetensors.SafetensorsWriter;
import io.unosynth.trainer.safetensors.TensorDtype;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * UNO's LoRA (uno/flux/modules/layers.py {@code LoRALinearLayer}): beside each site's linear layer,
 * {@code delta(x) = up(down(x)) * weight} with {@code down [rank, in]} initialised N(0, std = 1/rank) (UNO's
 * {@code nn.init.normal_(std=1 / rank)}), {@code up [out, rank]} zero, no alpha scaling and weight 1. Saved and
 * loaded in UNO's {@code dit_lora.safetensors} key layout, so UNO's inference loads what we train and back.
 */
public final class UnoLora implements LinearAdapter {
    /** UNO's {@code lora_weight}: deltas are added unscaled. */
    public static final float LORA_WEIGHT = 1.0f;

    private final int rank;
    private final Map<String, LoraSite> sites;
    private final Map<String, NDArray> tensors;

    private UnoLora(int rank, List<LoraSite> sites, Map<String, NDArray> tensors) {
        this.rank = rank;
        Map<String, LoraSite> byName = new LinkedHashMap<>();
        sites.forEach(site -> byName.put(site.name(), site));
        this.sites = Collections.unmodifiableMap(byName);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Names and shapes of every LoRA tensor at {@code rank}, without allocating them. */
    public static ParameterShapes shapes(DiTParams params, int rank) {
        checkArgument(rank > 0, "Invalid LoRA rank: %s", rank);
        ParameterShapes shapes = new ParameterShapes();
        for (LoraSite site : LoraSite.all(params)) {
            shapes.add(site.downKey(), rank, site.in());
            shapes.add(site.upKey(), site.out(), rank);
        }
        return shapes;
    }

    /** A fresh LoRA as UNO initialises it, drawn from {@code seed} (site by site, in state-dict order). */
    public static UnoLora initialize(DiTParams params, int rank, long seed, NDManager manager) {
        ParameterShapes shapes = shapes(params, rank);
        Random random = new Random(seed);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (LoraSite site : LoraSite.all(params)) {
            float[] down = new float[rank * site.in()];
            for (int i = 0; i < down.length; i++) {
                down[i] = (float) (random.nextGaussian() / rank);
            }
            tensors.put(site.downKey(),
                    TorchTensors.of(manager, down, new Shape(shapes.shape(site.downKey()))));
            tensors.put(site.upKey(), manager.zeros(new Shape(shapes.shape(site.upKey()))));
        }
        return new UnoLora(rank, LoraSite.all(params), tensors);
    }

    /** Reads a {@code dit_lora.safetensors}; the rank comes from the file, every site must be there. */
    public static UnoLora load(SafetensorsFile file, DiTParams params, NDManager manager) throws IOException {
        List<LoraSite> sites = LoraSite.all(params);
        String firstDown = sites.get(0).downKey();
        if (!file.entries().containsKey(firstDown)) {
            throw invalid("Invalid LoRA file %s: no tensor '%s' (is it UNO's dit_lora.safetensors layout?)",
                    file.path(), firstDown);
        }
        int rank = (int) file.entry(firstDown).shape()[0];
        ParameterShapes expected = shapes(params, rank);
        List<String> unexpected = new ArrayList<>(file.entries().keySet());
        unexpected.removeAll(expected.shapes().keySet());
        if (!unexpected.isEmpty()) {
            throw invalid("Invalid LoRA file %s: %d tensors this DiT has no site for, e.g. %s", file.path(),
                    unexpected.size(), unexpected.subList(0, Math.min(5, unexpected.size())));
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> tensor : expected.shapes().entrySet()) {
            String key = tensor.getKey();
            if (!file.entries().containsKey(key)) {
                throw invalid("Invalid LoRA file %s: missing tensor '%s'", file.path(), key);
            }
            long[] shape = file.entry(key).shape();
            if (!java.util.Arrays.equals(shape, tensor.getValue())) {
                throw invalid("Invalid LoRA file %s: tensor '%s' has shape %s, rank %d needs %s", file.path(), key,
                        java.util.Arrays.toString(shape), rank, java.util.Arrays.toString(tensor.getValue()));
            }
            tensors.put(key, TorchTensors.of(manager, file.readFloats(key), new Shape(shape)));
        }
        return new UnoLora(rank, sites, tensors);
    }

    /** A LoRA over given tensors (e.g. optimizer results or EMA), same sites and rank as this one. */
    public UnoLora withTensors(Map<String, NDArray> replacement) {
        checkArgument(replacement.keySet().equals(tensors.keySet()), "Invalid LoRA tensors: keys differ");
        return new UnoLora(rank, List.copyOf(sites.values()), new LinkedHashMap<>(replacement));
    }

    /** The same LoRA on tensors cut from any autograd graph (shared storage): for graph-free forward passes. */
    public UnoLora detached() {
        Map<String, NDArray> constant = new LinkedHashMap<>();
        tensors.forEach((key, tensor) -> constant.put(key, tensor.stopGradient()));
        return new UnoLora(rank, List.copyOf(sites.values()), constant);
    }

    /** Writes UNO's {@code dit_lora.safetensors}: {@code <site>.down.weight}, {@code <site>.up.weight}. */
    public void save(OutputStream out, TensorDtype dtype) throws IOException {
        requireNonNull(dtype, "dtype is null");
        SafetensorsWriter writer = new SafetensorsWriter(Map.of("format", "pt"));
        tensors.forEach((key, tensor) -> writer.add(key, dtype, tensor.getShape().getShape(), tensor.toFloatArray()));
        writer.writeTo(out);
    }

    public int rank() {
        return rank;
    }

    /** The trainable tensors, UNO key to tensor, in state-dict order. */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public NDArray delta(String site, NDArray input) {
        LoraSite lora = sites.get(site);
        if (lora == null) {
            return null;
        }
        NDArray down = tensors.get(lora.downKey());
        NDArray up = tensors.get(lora.upKey());
        // As UNO's LoRALinearLayer: the input in the LoRA's type (float32 master weights), the delta back in the
        // input's (bf16 over a bf16 base), so the LoRA's gradients are float32.
        NDArray delta = BFloat16.widen(input).matMul(down.transpose()).matMul(up.transpose());
        if (LORA_WEIGHT != 1.0f) {
            delta = delta.mul(io.unosynth.trainer.dit.FluxMath.constant(delta, LORA_WEIGHT));
        }
        return BFloat16.is(input) ? BFloat16.narrow(delta) : delta;
    }

    private static ValidationException invalid(String format, Object... args) {
        return new ValidationException(PipelineErrorCode.INVALID_INPUT, String.format(format, args));
    }
}
