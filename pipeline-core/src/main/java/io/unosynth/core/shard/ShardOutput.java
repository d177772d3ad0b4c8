package io.unosynth.core.shard;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A stream into storage that can be given up: {@link #close()} publishes what was written, {@link #abort()} makes
 * sure none of it ever becomes visible. On an object store (S3A) a failed writer must abort, never close, or the
 * half-written object would be completed.
 */
public abstract class ShardOutput extends OutputStream {
    /** Discards everything written; the stream is unusable afterwards. Never throws. */
    public abstract void abort();

    /** Wraps a plain stream whose partial content is harmless (e.g. a staging file that is deleted on abort). */
    public static ShardOutput of(OutputStream out, Runnable onAbort) {
        return new Delegating(out, () -> {
            try {
                out.close();
            } catch (IOException | RuntimeException ignored) {
                // Aborting: the content is discarded by onAbort, a failing close changes nothing.
            }
            onAbort.run();
        });
    }

    /**
     * Wraps a stream whose {@link #close()} would publish it (an object-store upload): aborting runs {@code abort}
     * instead and never closes the stream.
     */
    public static ShardOutput withAbort(OutputStream out, Runnable abort) {
        return new Delegating(out, abort);
    }

    private static final class Delegating extends ShardOutput {
        private final OutputStream out;
        private final Runnable abort;

        Delegating(OutputStream out, Runnable abort) {
            this.out = out;
            this.abort = abort;
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

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public void abort() {
            abort.run();
        }
    }
}
