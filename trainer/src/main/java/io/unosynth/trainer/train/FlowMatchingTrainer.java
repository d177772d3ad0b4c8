package io.unosynth.trainer.train;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.unosynth.runtime.sampling.FlowSchedule;
import io.unosynth.runtime.sampling.GaussianNoise;
import io.unosynth.runtime.sampling.PositionIds;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.UnoPositions;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.TorchTensors;
import io.unosynth.trainer.dit.DiTInput;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * UNO's flow-matching LoRA training on encoded pairs. Per sample: {@code x1} the target latent, {@code x0 ~ N(0, 1)},
 * {@code t} a uniformly drawn value of FLUX's shifted schedule (built for {@code scheduleSteps} and the sample's true
 * target token count), {@code x_t = (1 - t) x1 + t x0}; the DiT sees {@code [x_t | clean references]} with UnoPE ids
 * and guidance 1, and the loss is the MSE of its target-token prediction against {@code x0 - x1}. With probability
 * {@code textDropout} the prompt becomes the empty prompt. AdamW over the LoRA tensors only, gradient-norm clipping,
 * linear warmup, gradient accumulation, optional EMA.
 *
 * <p>With {@code noisePerPair}, t, noise and dropout come from (seed, pair) instead, the same in every epoch: a fixed
 * set of noisy inputs, for checking that training fits it.
 *
 * <p>Determinism: every random draw of sample {@code n} (which pair, t, noise, dropout) comes from (seed, n), so the
 * state to resume is just the step count plus the LoRA, optimizer and EMA tensors; see {@link TrainingCheckpoint}.
 */
public final class FlowMatchingTrainer {
    private final FluxDiT dit;
    private final Weights base;
    private final TrainingSet data;
    private final TrainConfig config;
    private final UnoLora lora;
    private final AdamW optimizer;
    private final Map<String, NDArray> ema;
    private final DeviceReplicas replicas;
    private long step;

    FlowMatchingTrainer(FluxDiT dit, Weights base, TrainingSet data, TrainConfig config, UnoLora lora, AdamW optimizer,
            Map<String, NDArray> ema, long step) {
        this.dit = requireNonNull(dit, "dit is null");
        this.base = requireNonNull(base, "base is null");
        this.data = requireNonNull(data, "data is null");
        this.config = requireNonNull(config, "config is null");
        this.lora = requireNonNull(lora, "lora is null");
        this.optimizer = requireNonNull(optimizer, "optimizer is null");
        this.ema = ema;
        this.step = step;
        lora.tensors().values().forEach(tensor -> tensor.setRequiresGradient(true));
        this.replicas = DeviceReplicas.create(dit, base, lora, config.devices().resolve(Engine.getInstance()));
    }

    /**
     * A new run: a fresh LoRA drawn from the seed, or {@code startFrom} (Stage II continues from the Stage I LoRA),
     * zero optimizer moments.
     */
    public static FlowMatchingTrainer start(FluxDiT dit, Weights base, TrainingSet data, TrainConfig config,
            UnoLora startFrom, NDManager manager) {
        UnoLora lora = startFrom != null ? startFrom
                : UnoLora.initialize(dit.params(), config.loraRank(), config.seed(), manager);
        AdamW optimizer = new AdamW(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                config.weightDecay());
        optimizer.initialize(lora.tensors(), manager, null, null, 0);
        Map<String, NDArray> ema = null;
        if (config.ema()) {
            ema = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> tensor : lora.tensors().entrySet()) {
                ema.put(tensor.getKey(), tensor.getValue().duplicate());
            }
        }
        return new FlowMatchingTrainer(dit, base, data, config, lora, optimizer, ema, 0);
    }

    /** One optimizer step over {@code gradientAccumulationSteps} micro-batches; returns their mean loss. */
    public float step() {
        float meanLoss = 0;
        try (NDScope scope = new NDScope()) {
            long firstSample = step * config.samplesPerStep();
            float lossScale = 1f / config.gradientAccumulationSteps();
            for (int micro = 0; micro < config.gradientAccumulationSteps(); micro++) {
                long batchStart = firstSample + (long) micro * config.batchSize();
                // Each replica (device) takes a contiguous slice of the micro-batch; see DeviceReplicas.
                float loss = replicas.run(config.batchSize(), (replica, offset, count, share, collectors) -> {
                    MicroBatch batch = microBatch(replica.manager(), batchStart, offset, count);
                    float scale = lossScale * share;
                    return config.activationCheckpointing()
                            ? Backprop.checkpointed(dit, replica.base(), replica.lora(), batch.input(),
                                    batch.velocity(), scale, collectors)
                            : Backprop.full(dit, replica.base(), replica.lora(), batch.input(), batch.velocity(),
                                    scale, collectors);
                });
                meanLoss += loss * lossScale;
            }
            replicas.gatherGradients(config.batchSize());
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            lora.tensors().forEach((key, tensor) -> gradients.put(key, tensor.getGradient()));
            clipGradientNorm(gradients.values(), config.maxGradNorm());
            optimizer.step(lora.tensors(), gradients, config.learningRateAt(step));
            gradients.values().forEach(gradient -> gradient.subi(gradient));
            replicas.broadcast();
        }
        step++;
        if (ema != null && step % config.emaInterval() == 0) {
            for (Map.Entry<String, NDArray> tensor : lora.tensors().entrySet()) {
                try (NDScope scope = new NDScope()) {
                    NDArray average = ema.get(tensor.getKey());
                    average.addi(tensor.getValue().stopGradient().sub(average).mul(1 - config.emaDecay()));
                }
            }
        }
        return meanLoss;
    }

    /** Trains until {@code maxSteps}, writing a checkpoint every {@code checkpointSteps} and at the end. */
    public void train(CheckpointStore store, StepListener listener) throws java.io.IOException {
        while (step < config.maxSteps()) {
            float loss = step();
            listener.onStep(step, loss, config.learningRateAt(step - 1));
            if (store != null && (step % config.checkpointSteps() == 0 || step == config.maxSteps())) {
                TrainingCheckpoint.save(this, store);
            }
        }
    }

    /** Called after every optimizer step (the progress line, the loss curve). */
    public interface StepListener {
        void onStep(long step, float loss, double learningRate);
    }

    /** torch's clip_grad_norm_: scale every gradient by {@code min(1, maxNorm / (||g|| + 1e-6))}. */
    static void clipGradientNorm(Iterable<NDArray> gradients, double maxNorm) {
        double squared = 0;
        for (NDArray gradient : gradients) {
            squared += gradient.square().sum().getFloat();
        }
        double coefficient = Math.min(1.0, maxNorm / (Math.sqrt(squared) + 1e-6));
        if (coefficient < 1.0) {
            for (NDArray gradient : gradients) {
                gradient.muli(coefficient);
            }
        }
    }

    private record MicroBatch(DiTInput input, NDArray velocity) {}

    /** Samples {@code [batchStart + sliceStart, + count)} of the micro-batch starting at {@code batchStart}. */
    private MicroBatch microBatch(NDManager manager, long batchStart, int sliceStart, int count) {
        int batchSize = count;
        long firstSample = batchStart + sliceStart;
        // the whole micro-batch shares its grids (one group per batch of train.batch-size)
        EncodedPair first = data.sample(config.seed(), batchStart, config.batchSize());
        int targetTokens = first.targetTokens();
        int imageTokens = targetTokens + first.referenceTokens();
        int features = EncodedPair.FEATURES;
        PromptEmbeddings emptyPrompt = data.emptyPrompt();
        int textTokens = first.prompt().tokens();
        int width = first.prompt().width();
        int pooledWidth = first.prompt().pooledWidth();
        double[] schedule = FlowSchedule.timesteps(config.scheduleSteps(), targetTokens, true,
                FlowSchedule.Variant.FLUX);

        float[] img = new float[batchSize * imageTokens * features];
        float[] velocity = new float[batchSize * targetTokens * features];
        float[] txt = new float[batchSize * textTokens * width];
        float[] pooled = new float[batchSize * pooledWidth];
        float[] timesteps = new float[batchSize];
        float[] guidance = new float[batchSize];
        for (int b = 0; b < batchSize; b++) {
            long n = firstSample + b;
            EncodedPair pair = data.sample(config.seed(), n, config.batchSize());
            checkArgument(pair.bucket().equals(first.bucket()) && pair.prompt().tokens() == textTokens,
                    "Cannot batch sample %s with sample %s: grids %s vs %s (a batch needs one bucket and one "
                            + "reference count)", n, batchStart, pair.bucket(), first.bucket());
            long draw = config.noisePerPair() ? data.sampleIndex(config.seed(), n, config.batchSize()) : n;
            Random random = new Random(config.seed() * 0x2545F4914F6CDD1DL + draw);
            float t = (float) schedule[random.nextInt(schedule.length)];
            boolean dropText = random.nextDouble() < config.textDropout();
            float[] noise = GaussianNoise.sample(random.nextLong(), targetTokens * features);
            int imgOffset = b * imageTokens * features;
            for (int i = 0; i < targetTokens * features; i++) {
                float x1 = pair.target()[i];
                img[imgOffset + i] = (1 - t) * x1 + t * noise[i];
                velocity[b * targetTokens * features + i] = noise[i] - x1;
            }
            int offset = imgOffset + targetTokens * features;
            for (float[] reference : pair.references()) {
                System.arraycopy(reference, 0, img, offset, reference.length);
                offset += reference.length;
            }
            PromptEmbeddings prompt = dropText ? emptyPrompt : pair.prompt();
            checkArgument(prompt.tokens() == textTokens && prompt.width() == width,
                    "Invalid empty-prompt embeddings: [%s, %s], the pairs' are [%s, %s]", prompt.tokens(),
                    prompt.width(), textTokens, width);
            System.arraycopy(prompt.tokenEmbeddings(), 0, txt, b * textTokens * width, textTokens * width);
            System.arraycopy(prompt.pooled(), 0, pooled, b * pooledWidth, pooledWidth);
            timesteps[b] = t;
            guidance[b] = (float) config.guidance();
        }
        float[] imgIds = imageIds(first);
        DiTInput input = new DiTInput(TorchTensors.of(manager, img, new Shape(batchSize, imageTokens, features)),
                imgIds, TorchTensors.of(manager, txt, new Shape(batchSize, textTokens, width)),
                PositionIds.text(textTokens), TorchTensors.of(manager, timesteps, new Shape(batchSize)),
                TorchTensors.of(manager, pooled, new Shape(batchSize, pooledWidth)),
                TorchTensors.of(manager, guidance, new Shape(batchSize)), targetTokens);
        NDArray target = TorchTensors.of(manager, velocity, new Shape(batchSize, targetTokens, features));
        return new MicroBatch(input, target);
    }

    /** Target ids (0, r, c), then each reference's UnoPE ids. */
    private float[] imageIds(EncodedPair pair) {
        UnoPositions.Grid grid = pair.targetGrid();
        float[] target = PositionIds.image(grid.rows(), grid.cols(), 0, 0);
        List<float[]> references = UnoPositions.referenceIds(grid, pair.referenceGrids(), config.referenceOffset());
        float[] ids = new float[target.length + references.stream().mapToInt(r -> r.length).sum()];
        System.arraycopy(target, 0, ids, 0, target.length);
        int offset = target.length;
        for (float[] reference : references) {
            System.arraycopy(reference, 0, ids, offset, reference.length);
            offset += reference.length;
        }
        return ids;
    }

    public long currentStep() {
        return step;
    }

    public UnoLora lora() {
        return lora;
    }

    /** The EMA of the LoRA tensors, or {@code null} when EMA is off. */
    public UnoLora ema() {
        return ema == null ? null : lora.withTensors(ema);
    }

    AdamW optimizer() {
        return optimizer;
    }

    TrainConfig config() {
        return config;
    }

    FluxDiT dit() {
        return dit;
    }
}
