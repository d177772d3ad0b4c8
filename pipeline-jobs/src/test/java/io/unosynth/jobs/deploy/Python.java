package io.unosynth.jobs.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's /usr/bin/python3 (the deploy recipes' tests need no Python packages beyond python3-botocore). */
record Python(int exitCode, String output) {
    static final Path EXECUTABLE = Path.of("/usr/bin/python3");

    static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Whether {@code module} imports. */
    static boolean hasModule(String module) throws IOException, InterruptedException {
        return available() && run("-c", "import " + module).exitCode() == 0;
    }

    static Python run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Cannot run " + command + ": no exit within 60 s");
        }
        return new Python(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
