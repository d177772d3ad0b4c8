package io.unosynth.runtime.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the files opened through it. Optionally it appends each open to a log file shared between JVMs (small
 * appends are atomic) and waits a little per open so concurrent stagers overlap, or pretends the store reports
 * files larger than they are.
 */
final class CountingRemoteFiles implements RemoteFiles {
    final AtomicInteger opens = new AtomicInteger();
    private final RemoteFiles delegate;
    private final long extraReportedBytes;
    private final Optional<Path> log;

    CountingRemoteFiles(RemoteFiles delegate) {
        this(delegate, 0, Optional.empty());
    }

    CountingRemoteFiles(RemoteFiles delegate, long extraReportedBytes, Optional<Path> log) {
        this.delegate = delegate;
        this.extraReportedBytes = extraReportedBytes;
        this.log = log;
    }

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        return delegate.list(location);
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        opens.incrementAndGet();
        if (log.isPresent()) {
            Files.writeString(log.get(), ProcessHandle.current().pid() + " " + fileLocation + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delegate.open(fileLocation);
    }

    @Override
    public long size(String fileLocation) throws IOException {
        return delegate.size(fileLocation) + extraReportedBytes;
    }
}
