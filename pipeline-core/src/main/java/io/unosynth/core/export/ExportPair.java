package io.unosynth.core.export;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.pair.PairRow;
import java.io.Serializable;

/** A selected pair with its verdict: everything the export formats need. */
public record ExportPair(PairRow pair, JudgeVerdict verdict) implements Serializable {
    public ExportPair {
        requireNonNull(pair, "pair is null");
        requireNonNull(verdict, "verdict is null");
        checkArgument(pair.pairId().equals(verdict.pairId()), "Invalid export pair: pair %s with the verdict of %s",
                pair.pairId(), verdict.pairId());
    }

    public String pairId() {
        return pair.pairId();
    }

    public String referencePath() {
        return ExportLayout.referencePath(pair.pairId());
    }

    public String targetPath() {
        return ExportLayout.targetPath(pair.pairId());
    }

    /** What the target shows: the subject in its scene (see {@link TargetCaption}). */
    public String targetCaption() {
        return TargetCaption.of(pair.subject(), pair.scene());
    }
}
