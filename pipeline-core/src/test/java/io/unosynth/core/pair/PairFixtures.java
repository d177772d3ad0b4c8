package io.unosynth.core.pair;

import io.unosynth.core.image.Photos;

/** Pairs made of the real photo fixtures, for the tests of every stage after generate; shared via the test-jar. */
public final class PairFixtures {
    private PairFixtures() {}

    /** A pair of category 7 "Cup" whose halves are the given photos' PNG bytes. */
    public static PairRow pair(String pairId, String referencePhoto, String targetPhoto) {
        return pair(pairId, 7, "Cup", "a white ceramic coffee cup", Photos.png(referencePhoto),
                Photos.png(targetPhoto));
    }

    public static PairRow pair(String pairId, int categoryId, String category, String subject, byte[] referencePng,
            byte[] targetPng) {
        return new PairRow(pairId, pairId, categoryId, category, subject,
                "a close-up photo of it on a wooden kitchen table, in soft morning light",
                "A diptych with two side-by-side images of same " + subject + ".", 42L + pairId.hashCode(), 25, 4.0,
                "flux", "flux=sha256:test", referencePng, 256, 256, targetPng, 256, 256);
    }
}
