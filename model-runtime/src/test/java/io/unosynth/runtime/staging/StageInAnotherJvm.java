package io.unosynth.runtime.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Stages a model from a child JVM for {@link ModelStagerAcrossJvmsTest}. Arguments: store root, cache dir,
 * location, log file. It prints "ready", waits for the file {@code <log>.go}, then stages; every remote file
 * opened appends a line to the log (slowly, so the JVMs overlap); the staged path is printed last.
 */
public final class StageInAnotherJvm {
    private StageInAnotherJvm() {}

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Path go = Path.of(args[3] + ".go");
        while (!Files.exists(go)) {
            Thread.sleep(5); // start staging together with the other JVMs
        }
        RemoteFiles remote = new LoggingRemoteFiles(new LocalDirectoryFiles(Path.of(args[0])), Path.of(args[3]));
        System.out.println(new ModelStager(Path.of(args[1]), remote).stage("flux", args[2], ""));
    }

    /** Logs each open to a file shared by all JVMs (small appends are atomic) and slows it down. */
    static final class LoggingRemoteFiles implements RemoteFiles {
        private final RemoteFiles delegate;
        private final Path log;

        LoggingRemoteFiles(RemoteFiles delegate, Path log) {
            this.delegate = delegate;
            this.log = log;
        }

        @Override
        public List<RemoteFile> list(String location) throws IOException {
            return delegate.list(location);
        }

        @Override
        public InputStream open(String fileLocation) throws IOException {
            Files.writeString(log, ProcessHandle.current().pid() + " " + fileLocation + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.open(fileLocation);
        }

        @Override
        public long size(String fileLocation) throws IOException {
            return delegate.size(fileLocation);
        }
    }
}
