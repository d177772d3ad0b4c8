package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake object store with S3 multipart-upload visibility: {@link #create} writes to a hidden upload file outside
 * the root, {@link ShardOutput#close()} moves it into place whole, and {@link ShardOutput#abort()} deletes it. It has
 * no atomic rename, so the protocol must never call {@link #rename}.
 */
public final class PublishOnCloseStorage extends ForwardingStageStorage {
    private final Path root;
    private final Path uploads;
    private final AtomicInteger uploadCounter = new AtomicInteger();

    /** @param uploads where uploads in progress live; must not be under {@code root} (readers never see them) */
    public PublishOnCloseStorage(Path root, Path uploads) {
        super(new LocalStageStorage(root));
        this.root = requireNonNull(root, "root is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
    }

    @Override
    public ShardOutput create(String path) throws IOException {
        Path upload = uploads.resolve("upload-" + uploadCounter.incrementAndGet());
        Path target = root.resolve(path);
        return new ForwardingShardOutput(Files.newOutputStream(upload)) {
            private boolean done;

            @Override
            public void close() throws IOException {
                if (done) {
                    return;
                }
                done = true;
                out.close();
                Files.createDirectories(target.getParent());
                Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING);
            }

            @Override
            public void abort() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    out.close();
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot abort upload " + upload, e);
                }
            }
        };
    }

    @Override
    public boolean atomicRename() {
        return false;
    }

    @Override
    public void rename(String from, String to) {
        throw new UnsupportedOperationException("Cannot rename on an object store: " + from + " -> " + to);
    }

    @Override
    public String describe() {
        return "publish-on-close:" + root;
    }
}
