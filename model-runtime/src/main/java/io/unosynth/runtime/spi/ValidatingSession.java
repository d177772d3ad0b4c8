package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A session that checks every call's inputs against its signature before handing them to the engine, and that
 * never frees the engine's native session under a running call (which would crash the JVM, not throw).
 */
public abstract class ValidatingSession implements ModelSession {
    private final String modelName;
    private final Device device;
    private final ModelSignature signature;
    private final ReadWriteLock closeLock = new ReentrantReadWriteLock();
    private boolean closed;

    protected ValidatingSession(String modelName, Device device, ModelSignature signature) {
        this.modelName = requireNonNull(modelName, "modelName is null");
        this.device = requireNonNull(device, "device is null");
        this.signature = requireNonNull(signature, "signature is null");
    }

    @Override
    public final String modelName() {
        return modelName;
    }

    @Override
    public final Device device() {
        return device;
    }

    @Override
    public final ModelSignature signature() {
        return signature;
    }

    @Override
    public final Map<String, Tensor> run(Map<String, Tensor> inputs) {
        signature.validateInputs(modelName, inputs);
        closeLock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("Cannot run model '" + modelName + "': its session is closed");
            }
            return runValidated(inputs);
        } finally {
            closeLock.readLock().unlock();
        }
    }

    @Override
    public final void close() {
        closeLock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeEngine();
            }
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    /** Runs the engine on inputs that match the signature; called concurrently, so it must be thread-safe. */
    protected abstract Map<String, Tensor> runValidated(Map<String, Tensor> inputs);

    /** Frees the engine's resources; called once, with no call running. */
    protected abstract void closeEngine();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + modelName + " on " + device + "]";
    }
}
