package io.unosynth.runtime.contracts.owl;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;

/**
 * One detected object: the text query it matched best, that query's index in the request, the score
 * (sigmoid of the logit, in (0, 1)) and the box in original pixel coordinates.
 */
public record Detection(String query, int label, float score, Box box) {
    public Detection {
        requireNonNull(query, "query is null");
        requireNonNull(box, "box is null");
        Preconditions.checkArgument(label >= 0, "Invalid label: %s", label);
    }
}
