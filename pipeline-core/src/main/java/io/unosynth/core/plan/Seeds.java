package io.unosynth.core.plan;

/**
 * Per-sample seeds derived from the run seed and a sample's ids with SplitMix64's mixing function, so a seed
 * depends only on what the sample is, never on batch, partition or executor.
 */
public final class Seeds {
    private Seeds() {}

    /** A non-negative 63-bit seed for the given run seed and ids. */
    public static long derive(long runSeed, long... ids) {
        long state = mix(runSeed);
        for (long id : ids) {
            state = mix(state ^ mix(id + 0x632BE59BD9B4E019L));
        }
        return state & Long.MAX_VALUE;
    }

    /** SplitMix64's finalizer (Steele, Lea and Flood, 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
