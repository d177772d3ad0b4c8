package io.unosynth.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW as {@code torch.optim.AdamW} computes it (decoupled weight decay {@code p *= 1 - lr * wd}, then the
 * bias-corrected Adam step), updating parameters in place. Its moments are plain named tensors so a checkpoint can
 * store and restore them exactly.
 */
public final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    public AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** Starts zero moments for every parameter, or (on resume) takes stored ones. */
    public void initialize(Map<String, NDArray> parameters, NDManager manager, Map<String, NDArray> storedFirst,
            Map<String, NDArray> storedSecond, long storedSteps) {
        parameters.forEach((name, p) -> {
            firstMoments.put(name, storedFirst == null ? manager.zeros(p.getShape()) : storedFirst.get(name));
            secondMoments.put(name, storedSecond == null ? manager.zeros(p.getShape()) : storedSecond.get(name));
        });
        steps = storedSteps;
    }

    /** One update of every parameter with its gradient. */
    public void step(Map<String, NDArray> parameters, Map<String, NDArray> gradients, double learningRate) {
        steps++;
        double biasCorrection1 = 1 - Math.pow(beta1, steps);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            try (NDScope scope = new NDScope()) {
                NDArray p = entry.getValue().stopGradient(); // same storage; an in-place update is no graph op
                NDArray g = gradients.get(entry.getKey());
                NDArray m = firstMoments.get(entry.getKey());
                NDArray v = secondMoments.get(entry.getKey());
                p.muli(1 - learningRate * weightDecay);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().mul(1 - beta2));
                NDArray denominator = v.sqrt().div(biasCorrection2Sqrt).add(epsilon);
                p.subi(m.div(denominator).mul(learningRate / biasCorrection1));
            }
        }
    }

    public Map<String, NDArray> firstMoments() {
        return Collections.unmodifiableMap(firstMoments);
    }

    public Map<String, NDArray> secondMoments() {
        return Collections.unmodifiableMap(secondMoments);
    }

    public long steps() {
        return steps;
    }
}
