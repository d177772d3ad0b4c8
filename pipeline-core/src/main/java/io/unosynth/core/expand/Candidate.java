package io.unosynth.core.expand;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** One detection in a target image: the query it matched, the detector's score in [0, 1], its box in pixels. */
public record Candidate(String label, double score, PixelBox box) implements Serializable {
    public Candidate {
        requireNonNull(label, "label is null");
        requireNonNull(box, "box is null");
    }
}
