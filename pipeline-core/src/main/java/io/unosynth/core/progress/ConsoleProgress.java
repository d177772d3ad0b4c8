package io.unosynth.core.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/**
 * Where progress lines go. On a terminal one line is redrawn in place (carriage return, then the rest of the old
 * line erased); anywhere else (a file, CI, a pipe to {@code tee}) each update is a plain line of its own, so logs
 * stay readable.
 */
public final class ConsoleProgress {
    private static final String ERASE_TO_END = "\u001b[K";

    private final PrintStream out;
    private final boolean inPlace;
    private boolean lineOpen;

    public ConsoleProgress(PrintStream out, boolean inPlace) {
        this.out = requireNonNull(out, "out is null");
        this.inPlace = inPlace;
    }

    /** In place only when the JVM talks to a terminal and {@code out} is the process's own standard output. */
    public static ConsoleProgress forConsole(PrintStream out) {
        return new ConsoleProgress(out, out == System.out && System.console() != null);
    }

    /** Whether lines are redrawn in place (a terminal), so frequent updates cost no screen space. */
    public boolean inPlace() {
        return inPlace;
    }

    public synchronized void update(String line) {
        if (inPlace) {
            out.print("\r" + line + ERASE_TO_END);
            out.flush();
            lineOpen = true;
        } else {
            out.println(line);
        }
    }

    /** Prints the line as final: on a terminal the in-place line is replaced and the cursor moves on. */
    public synchronized void finish(String line) {
        update(line);
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    /** A plain message; an open in-place line is ended first so the two do not overwrite each other. */
    public synchronized void println(String message) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(message);
    }
}
