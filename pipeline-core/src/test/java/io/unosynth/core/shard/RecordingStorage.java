package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Wraps a storage and records, in order, the paths that became visible to readers (a rename target, or a created
 * path outside {@code _staging} when its stream closes); optionally fails {@link #create} for chosen paths.
 */
public final class RecordingStorage implements StageStorage {
    private final StageStorage delegate;
    private final Predicate<String> failCreate;
    private final List<String> published = new ArrayList<>();

    public RecordingStorage(StageStorage delegate) {
        this(delegate, path -> false);
    }

    public RecordingStorage(StageStorage delegate, Predicate<String> failCreate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.failCreate = requireNonNull(failCreate, "failCreate is null");
    }

    /** Paths in the order they became visible. */
    public synchronized List<String> published() {
        return List.copyOf(published);
    }

    private synchronized void publish(String path) {
        published.add(path);
    }

    @Override
    public List<String> list(String directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public boolean exists(String path) throws IOException {
        return delegate.exists(path);
    }

    @Override
    public InputStream open(String path) throws IOException {
        return delegate.open(path);
    }

    @Override
    public ShardOutput create(String path) throws IOException {
        if (failCreate.test(path)) {
            throw new IOException("Injected failure creating " + path);
        }
        ShardOutput out = delegate.create(path);
        boolean staging = path.contains("/" + ShardLayout.STAGING + "/");
        return new ShardOutput() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (!staging) {
                    publish(path);
                }
            }

            @Override
            public void abort() {
                out.abort();
            }
        };
    }

    @Override
    public boolean atomicRename() {
        return delegate.atomicRename();
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
        publish(to);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
