package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Wraps a storage and records, in order, the paths that became visible to readers (a rename target, or a created
 * path outside {@code _staging} when its stream closes); optionally fails {@link #create} for chosen paths.
 */
public final class RecordingStorage extends ForwardingStageStorage {
    private final Predicate<String> failCreate;
    private final List<String> published = new ArrayList<>();

    public RecordingStorage(StageStorage delegate) {
        this(delegate, path -> false);
    }

    public RecordingStorage(StageStorage delegate, Predicate<String> failCreate) {
        super(delegate);
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
    public ShardOutput create(String path) throws IOException {
        if (failCreate.test(path)) {
            throw new IOException("Injected failure creating " + path);
        }
        ShardOutput created = delegate.create(path);
        boolean staging = path.contains("/" + ShardLayout.STAGING + "/");
        return new ForwardingShardOutput(created) {
            @Override
            public void close() throws IOException {
                created.close();
                if (!staging) {
                    publish(path);
                }
            }

            @Override
            public void abort() {
                created.abort();
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
        publish(to);
    }
}
