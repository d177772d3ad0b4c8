package io.unosynth.runtime.staging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
        RemoteFiles remote = logging(new LocalDirectoryFiles(Path.of(args[0])), Path.of(args[3]));
        System.out.println(new ModelStager(Path.of(args[1]), remote).stage("flux", args[2], ""));
    }

    static RemoteFiles logging(RemoteFiles delegate, Path log) {
        return new CountingRemoteFiles(delegate, 0, Optional.of(log));
    }
}
