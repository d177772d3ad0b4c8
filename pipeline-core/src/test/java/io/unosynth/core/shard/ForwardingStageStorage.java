package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** A {@link StageStorage} that forwards every call; test fakes override the calls they change. */
public abstract class ForwardingStageStorage implements StageStorage {
    protected final StageStorage delegate;

    protected ForwardingStageStorage(StageStorage delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
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
        return delegate.create(path);
    }

    @Override
    public boolean atomicRename() {
        return delegate.atomicRename();
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** A {@link ShardOutput} whose writes go to {@code out}; subclasses decide what close and abort mean. */
    protected abstract static class ForwardingShardOutput extends ShardOutput {
        protected final OutputStream out;

        protected ForwardingShardOutput(OutputStream out) {
            this.out = requireNonNull(out, "out is null");
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
