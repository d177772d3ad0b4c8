package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * How to sample: FLUX.1-dev uses 28 steps and guidance 3.5, UNO 25 steps and guidance 4.
 *
 * @param referenceLongSide the long side references are resized to: 512 for one reference, 320 for several (UNO)
 */
public record SamplerParams(int steps, double guidance, boolean shift, FlowSchedule.Variant schedule,
        UnoPositions.Offset offset, int singleReferenceLongSide, int multiReferenceLongSide) implements Serializable {
    public SamplerParams {
        checkArgument(steps > 0, "Invalid steps: %s", steps);
        checkArgument(guidance >= 0, "Invalid guidance: %s", guidance);
        requireNonNull(schedule, "schedule is null");
        requireNonNull(offset, "offset is null");
        checkArgument(singleReferenceLongSide % 16 == 0 && multiReferenceLongSide % 16 == 0,
                "Invalid reference sizes %s/%s: multiples of 16", singleReferenceLongSide, multiReferenceLongSide);
    }

    public static SamplerParams uno() {
        return new SamplerParams(25, 4.0, true, FlowSchedule.Variant.FLUX, UnoPositions.Offset.DIAGONAL, 512, 320);
    }

    public int referenceLongSide(int references) {
        return references > 1 ? multiReferenceLongSide : singleReferenceLongSide;
    }
}
