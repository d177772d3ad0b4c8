package io.unosynth.runtime.staging;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the files opened through it; can pretend the store reports files larger than they are. */
final class CountingRemoteFiles implements RemoteFiles {
    final AtomicInteger opens = new AtomicInteger();
    private final RemoteFiles delegate;
    private final long extraReportedBytes;

    CountingRemoteFiles(RemoteFiles delegate) {
        this(delegate, 0);
    }

    CountingRemoteFiles(RemoteFiles delegate, long extraReportedBytes) {
        this.delegate = delegate;
        this.extraReportedBytes = extraReportedBytes;
    }

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        return delegate.list(location);
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        opens.incrementAndGet();
        return delegate.open(fileLocation);
    }

    @Override
    public long size(String fileLocation) throws IOException {
        return delegate.size(fileLocation) + extraReportedBytes;
    }
}
