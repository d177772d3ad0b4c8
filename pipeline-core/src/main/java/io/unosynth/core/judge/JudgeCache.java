package io.unosynth.core.judge;

import java.util.Optional;

/**
 * Scored verdicts kept across runs, so a rerun with the same judge model and prompts does not pay for a pair
 * twice. Only {@link JudgeVerdict.Status#SCORED} verdicts are stored: a failure is worth retrying.
 */
public interface JudgeCache {
    /** The stored verdict for {@code key}, marked {@link JudgeVerdict#cached()}; empty on a miss. */
    Optional<JudgeVerdict> get(JudgeKey key);

    void put(JudgeVerdict verdict);

    /** A cache that stores nothing. */
    static JudgeCache none() {
        return new JudgeCache() {
            @Override
            public Optional<JudgeVerdict> get(JudgeKey key) {
                return Optional.empty();
            }

            @Override
            public void put(JudgeVerdict verdict) {}
        };
    }
}
