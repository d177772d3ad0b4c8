package io.unosynth.core.judge;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.build.ContentHash;
import java.io.Serializable;

/** What a cached verdict is valid for: the same pair, judged by the same model with the same prompts. */
public record JudgeKey(String pairId, String judgeModel, String promptVersion) implements Serializable {
    public JudgeKey {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(judgeModel, "judgeModel is null");
        requireNonNull(promptVersion, "promptVersion is null");
    }

    /** A file name safe on every file system and object store, whatever characters the ids hold. */
    public String fileName() {
        return ContentHash.of("judge-cache", pairId, judgeModel, promptVersion) + ".json";
    }
}
