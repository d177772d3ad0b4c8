package io.unosynth.jobs.cli;

/** Placeholder entry point; the CLI lands with the foundation issue. */
public final class Unosynth {
    private Unosynth() {}

    public static void main(String[] args) {
        System.out.println("unosynth");
    }
}
