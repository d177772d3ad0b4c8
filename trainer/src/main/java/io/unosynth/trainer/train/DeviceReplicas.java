package io.unosynth.trainer.train;


import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.BFloat16;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Data parallelism over the devices of one node, the way DJL trains on several devices (its {@code EasyTrain} splits
 * a batch over the trainer's devices and runs each split on its own thread under the one gradient collector the
 * caller opened; its {@code ParameterStore} keeps a copy of each parameter per device). Replica 0 is the master: the
 * trainer's own LoRA on the first device, where the optimizer state lives. Every other replica holds the base
 * weights (shared when on the master's device, copied once otherwise) and a LoRA copy that
 * {@link #broadcast} refreshes after each optimizer step.
 *
 * <p>A micro-batch of {@code n} samples is split by sample index into contiguous ranges, the first {@code n mod d}
 * replicas taking one more; with fewer samples than replicas the last replicas sit that micro-batch out. Each
 * replica's loss is weighted by its share of the samples, so the summed gradient is that of the whole micro-batch's
 * mean loss (every sample of a batch has the same token count). {@link #gatherGradients} adds the replicas'
 * gradients onto the master's in replica order, so the result does not depend on which thread finished first.
 *
 * <p>With one device nothing is copied and the work runs on the calling thread, as before data parallelism.
 */
final class DeviceReplicas {
    /** One device's copy of the model. */
    record Replica(int index, Device device, NDManager manager, Weights base, UnoLora lora) {}

    /** A replica's share of a micro-batch. */
    interface Work {
        /**
         * Computes the loss of samples {@code [offset, offset + count)} of the micro-batch on {@code replica},
         * adding the gradient of {@code share * loss} to its LoRA; {@code collectors} gives the gradient collector.
         *
         * @return the unweighted loss
         */
        float run(Replica replica, int offset, int count, float share, Supplier<GradientCollector> collectors);
    }

    private final List<Replica> replicas;
    private final ExecutorService threads;

    private DeviceReplicas(List<Replica> replicas, ExecutorService threads) {
        this.replicas = replicas;
        this.threads = threads;
    }

    /** Replicates {@code base} and {@code master} (on {@code devices.get(0)}) onto every other device. */
    static DeviceReplicas create(FluxDiT dit, Weights base, UnoLora master, List<Device> devices) {
        NDArray first = master.tensors().values().iterator().next();
        Device masterDevice = first.getDevice();
        if (!devices.get(0).equals(masterDevice)) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot train on " + devices + " ("
                    + TrainConfig.DEVICES + "): the LoRA is on " + masterDevice
                    + ", but the first device holds the master copy; create the trainer's NDManager there");
        }
        List<Replica> replicas = new ArrayList<>();
        replicas.add(new Replica(0, masterDevice, first.getManager(), base, master));
        for (int i = 1; i < devices.size(); i++) {
            Device device = devices.get(i);
            NDManager manager = first.getManager().newSubManager(device);
            Weights replicaBase = device.equals(masterDevice) ? base : copy(dit, base, device, manager);
            Map<String, NDArray> lora = new LinkedHashMap<>();
            master.tensors().forEach((key, tensor) -> {
                NDArray copy = copyTo(tensor.stopGradient(), device, manager);
                copy.setRequiresGradient(true);
                lora.put(key, copy);
            });
            replicas.add(new Replica(i, device, manager, replicaBase, master.withTensors(lora)));
        }
        return new DeviceReplicas(List.copyOf(replicas), replicas.size() == 1 ? null : threads(replicas.size() - 1));
    }

    /** Samples per replica for a micro-batch of {@code samples}: contiguous ranges, the first ones one larger. */
    static int[] split(int samples, int replicas) {
        int[] counts = new int[replicas];
        for (int i = 0; i < replicas; i++) {
            counts[i] = samples / replicas + (i < samples % replicas ? 1 : 0);
        }
        return counts;
    }

    /**
     * Runs one micro-batch of {@code samples} over the replicas, one thread each (the calling thread takes the
     * master's slice), and waits for all of them.
     *
     * @return the micro-batch's mean loss: the replicas' losses weighted by their shares, summed in replica order
     */
    float run(int samples, Work work) {
        if (threads == null) {
            return work.run(replicas.get(0), 0, samples, 1f, Engine.getInstance()::newGradientCollector);
        }
        int[] counts = split(samples, replicas.size());
        float[] shares = new float[counts.length];
        List<Future<Float>> losses = new ArrayList<>();
        // The engine allows one open collector at a time: it is opened here, and the device threads only call its
        // backward (libtorch records graphs on any thread that has not turned grad mode off).
        try (GradientCollector shared = Engine.getInstance().newGradientCollector()) {
            Supplier<GradientCollector> collectors = () -> new Borrowed(shared);
            int offset = counts[0];
            shares[0] = (float) counts[0] / samples;
            for (int i = 1; i < counts.length && counts[i] > 0; i++) {
                Replica replica = replicas.get(i);
                int from = offset;
                int count = counts[i];
                shares[i] = (float) count / samples;
                float share = shares[i];
                losses.add(threads.submit(() -> {
                    try (NDScope scope = new NDScope()) {
                        return work.run(replica, from, count, share, collectors);
                    }
                }));
                offset += count;
            }
            float masterLoss; // the calling thread works the master's slice meanwhile: one hand-off fewer
            try (NDScope scope = new NDScope()) {
                masterLoss = work.run(replicas.get(0), 0, counts[0], shares[0], collectors);
            } catch (RuntimeException | Error e) {
                losses.forEach(DeviceReplicas::awaitQuietly); // no device thread may outlive the collector
                throw e;
            }
            float loss = shares[0] * masterLoss;
            for (int i = 0; i < losses.size(); i++) {
                try {
                    loss += shares[i + 1] * await(losses.get(i), replicas.get(i + 1));
                } catch (RuntimeException | Error e) {
                    losses.subList(i + 1, losses.size()).forEach(DeviceReplicas::awaitQuietly);
                    throw e;
                }
            }
            return loss;
        }
    }

    /**
     * Adds every working replica's LoRA gradients onto the master's, in replica order, and zeroes theirs. Call within
     * an {@link NDScope}, once per optimizer step, after the micro-batches of {@code samples} each.
     */
    void gatherGradients(int samples) {
        int working = Math.min(samples, replicas.size());
        Replica master = replicas.get(0);
        for (Map.Entry<String, NDArray> tensor : master.lora().tensors().entrySet()) {
            NDArray sum = tensor.getValue().getGradient();
            for (int i = 1; i < working; i++) {
                NDArray gradient = replicas.get(i).lora().tensors().get(tensor.getKey()).getGradient();
                sum.addi(gradient.toDevice(master.device(), false));
                gradient.subi(gradient);
            }
        }
    }

    /** Copies the master LoRA's values into every other replica (after the optimizer step). */
    void broadcast() {
        Map<String, NDArray> master = replicas.get(0).lora().tensors();
        for (int i = 1; i < replicas.size(); i++) {
            Replica replica = replicas.get(i);
            for (Map.Entry<String, NDArray> tensor : replica.lora().tensors().entrySet()) {
                try (NDScope scope = new NDScope()) {
                    NDArray values = tensor.getValue().stopGradient(); // same storage, no graph op
                    values.muli(0).addi(master.get(tensor.getKey()).stopGradient().toDevice(replica.device(), false));
                }
            }
        }
    }

    private static Weights copy(FluxDiT dit, Weights base, Device device, NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        base.all().forEach((name, tensor) -> copies.put(name, copyTo(tensor, device, manager)));
        return Weights.of(copies, dit.parameterShapes());
    }

    /** A copy of {@code tensor} on {@code device}, owned by {@code manager}. */
    private static NDArray copyTo(NDArray tensor, Device device, NDManager manager) {
        NDArray copy;
        if (tensor.getDevice().equals(device)) {
            copy = tensor.duplicate();
        } else if (BFloat16.is(tensor)) {
            // DJL's toDevice passes the tensor's data type, which it cannot name for bf16: move it as float32
            try (NDArray wide = BFloat16.widen(tensor); NDArray moved = wide.toDevice(device, true)) {
                copy = BFloat16.narrow(moved);
            }
        } else {
            copy = tensor.toDevice(device, true);
        }
        NDScope.unregister(copy);
        copy.attach(manager);
        return copy;
    }

    private static float await(Future<Float> loss, Replica replica) {
        try {
            return loss.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Interrupted while replica " + replica.index()
                    + " on " + replica.device() + " trained", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot train replica " + replica.index()
                    + " on " + replica.device() + ": " + e.getCause(), e.getCause());
        }
    }

    private static void awaitQuietly(Future<Float> loss) {
        try {
            loss.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the caller is already failing with an earlier replica's error
        }
    }

    /** A daemon thread per replica but the master; idle ones end after a minute, so a finished trainer leaves none. */
    private static ExecutorService threads(int count) {
        AtomicInteger next = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "unosynth-train-replica-" + next.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The caller's collector lent to a device thread: closing it leaves it open for the other replicas. */
    private record Borrowed(GradientCollector collector) implements GradientCollector {
        @Override
        public void backward(NDArray target) {
            collector.backward(target);
        }

        @Override
        public void zeroGradients() {
            collector.zeroGradients();
        }

        @Override
        public void close() {}
    }
}
