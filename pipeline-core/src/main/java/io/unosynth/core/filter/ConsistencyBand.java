package io.unosynth.core.filter;

import static io.unosynth.core.error.Preconditions.checkArgument;

import io.unosynth.core.config.FilterConfig;
import java.io.Serializable;
import java.util.Locale;

/**
 * The band of reference-target similarity a pair must fall in: {@code low <= similarity <= high}, both edges
 * inclusive, so a pair exactly at {@code low} or at {@code high} is kept. Strictly below {@code low} the halves are
 * not the same subject; strictly above {@code high} the target is a near copy of the reference.
 */
public record ConsistencyBand(double low, double high) implements Serializable {
    public ConsistencyBand {
        checkArgument(!Double.isNaN(low) && !Double.isNaN(high) && low <= high,
                "Invalid consistency band: [%s, %s]", low, high);
    }

    public static ConsistencyBand of(FilterConfig config) {
        return new ConsistencyBand(config.low(), config.high());
    }

    public Decision decide(double similarity) {
        checkArgument(!Double.isNaN(similarity), "Invalid similarity: NaN");
        if (similarity < low) {
            return Decision.TOO_DIFFERENT;
        }
        if (similarity > high) {
            return Decision.NEAR_COPY;
        }
        return Decision.KEEP;
    }

    public enum Decision {
        KEEP,
        TOO_DIFFERENT,
        NEAR_COPY;

        /** The snake_case name written to the decisions table: {@code keep}, {@code too_different}, ... */
        public String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
