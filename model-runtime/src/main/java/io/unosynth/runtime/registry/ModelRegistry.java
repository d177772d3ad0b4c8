package io.unosynth.runtime.registry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The per-JVM registry of loaded models and shared clients: the one deliberate singleton of unosynth. On a Spark
 * executor every task thread that asks for the same key gets the same instance, loaded once. A reference count tracks
 * its users; when the last lets go it stays loaded for the key's idle time (models: {@code models.idle-timeout}, so
 * the next task of a stage finds it loaded however the tasks are timed) and is closed if nobody takes it again by
 * then; a shutdown hook closes whatever is left when the JVM exits.
 * A key must capture everything that makes two instances differ (model, device, options).
 */
public final class ModelRegistry {
    private static final ModelRegistry INSTANCE = new ModelRegistry();

    private final Map<Object, Entry> entries = new HashMap<>();
    private ScheduledExecutorService idleCloser;

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
        return acquire(key, loader, Duration.ZERO);
    }

    /**
     * As {@link #acquire(Object, Supplier)}, keeping the instance loaded for {@code idleTime} after its last lease is
     * closed ({@link Duration#ZERO}: close at once).
     */
    public <T extends AutoCloseable> Lease<T> acquire(Object key, Supplier<T> loader, Duration idleTime) {
        requireNonNull(key, "key is null");
        requireNonNull(loader, "loader is null");
        requireNonNull(idleTime, "idleTime is null");
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(key, k -> new Entry());
            entry.references++;
            entry.idleTime = idleTime;
            if (entry.pendingClose != null) {
                entry.pendingClose.cancel(false);
                entry.pendingClose = null;
            }
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
                if (entry.loaded == null || entry.idleTime.isZero()) {
                    entries.remove(key);
                    toClose = entry.loaded;
                } else {
                    entry.pendingClose = idleCloser().schedule(() -> closeIfStillIdle(key, entry),
                            entry.idleTime.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        closeQuietly(toClose);
    }

    private void closeIfStillIdle(Object key, Entry entry) {
        AutoCloseable toClose = null;
        synchronized (entries) {
            if (entry.references == 0 && entries.get(key) == entry) {
                entries.remove(key);
                toClose = entry.loaded;
            }
        }
        closeQuietly(toClose);
    }

    private ScheduledExecutorService idleCloser() {
        synchronized (entries) {
            if (idleCloser == null) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                    Thread thread = new Thread(runnable, "unosynth-model-registry-idle");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                idleCloser = executor;
            }
            return idleCloser;
        }
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
        private Duration idleTime = Duration.ZERO;
        private ScheduledFuture<?> pendingClose;

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
