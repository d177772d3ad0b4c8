package io.unosynth.runtime.registry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-JVM registry of loaded models and shared clients: the one deliberate singleton of unosynth. On a Spark
 * executor every task thread that asks for the same key gets the same instance, loaded once; a reference count
 * closes it when the last user lets go, and a shutdown hook closes whatever is left when the JVM exits.
 * A key must capture everything that makes two instances differ (model, device, options).
 */
public final class ModelRegistry {
    private static final ModelRegistry INSTANCE = new ModelRegistry();

    private final Map<Object, Entry> entries = new HashMap<>();

    ModelRegistry() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "unosynth-model-registry-shutdown"));
    }

    public static ModelRegistry get() {
        return INSTANCE;
    }

    /**
     * Returns a lease on the instance for {@code key}, creating it with {@code loader} if absent. Concurrent
     * callers for one key wait for the single load; loads of different keys do not wait for each other.
     */
    public <T extends AutoCloseable> Lease<T> acquire(Object key, Supplier<T> loader) {
        requireNonNull(key, "key is null");
        requireNonNull(loader, "loader is null");
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.references++;
        }
        try {
            @SuppressWarnings("unchecked")
            T value = (T) entry.value(loader);
            return new Lease<>(this, key, entry, value);
        } catch (RuntimeException | Error e) {
            release(key, entry);
            throw e;
        }
    }

    /** How many distinct instances are loaded now (for tests and metrics). */
    public int size() {
        synchronized (entries) {
            return (int) entries.values().stream().filter(e -> e.loaded != null).count();
        }
    }

    private void release(Object key, Entry entry) {
        AutoCloseable toClose = null;
        synchronized (entries) {
            entry.references--;
            if (entry.references == 0 && entries.get(key) == entry) {
                entries.remove(key);
                toClose = entry.loaded;
            }
        }
        closeQuietly(toClose);
    }

    private void closeAll() {
        List<AutoCloseable> all = new ArrayList<>();
        synchronized (entries) {
            entries.values().forEach(e -> all.add(e.loaded));
            entries.clear();
        }
        all.forEach(ModelRegistry::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing at release or shutdown: nothing useful can be done with the failure.
        }
    }

    private static final class Entry {
        private int references;
        private AutoCloseable loaded;

        synchronized AutoCloseable value(Supplier<? extends AutoCloseable> loader) {
            if (loaded == null) {
                loaded = requireNonNull(loader.get(), "loader returned null");
            }
            return loaded;
        }
    }

    /** A reference to a shared instance; closing the lease releases the reference, not the instance. */
    public static final class Lease<T> implements AutoCloseable {
        private final ModelRegistry registry;
        private final Object key;
        private final Entry entry;
        private final T value;
        private boolean closed;

        Lease(ModelRegistry registry, Object key, Entry entry, T value) {
            this.registry = registry;
            this.key = key;
            this.entry = entry;
            this.value = value;
        }

        public T value() {
            return value;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                registry.release(key, entry);
            }
        }
    }
}
