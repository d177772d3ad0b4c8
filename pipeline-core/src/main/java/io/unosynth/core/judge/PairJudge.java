package io.unosynth.core.judge;

import io.unosynth.core.pair.PairRow;
import java.util.function.Consumer;

/**
 * Judges the subject consistency of one pair. The VLM judge lives in model-runtime; {@link #unconfigured()} is the
 * judge of a run without a judge endpoint. Endpoint trouble and malformed answers are counted to {@code failures}
 * and end in a {@link JudgeVerdict.Status#FAILED} verdict, never an exception; only a bug throws.
 * Implementations must be safe to call from several threads.
 */
public interface PairJudge extends AutoCloseable {
    /** Said once by the score stage when no judge is configured. */
    String UNCONFIGURED_NOTICE = "No judge endpoint configured (judge.base-url is empty): pairs are marked "
            + "unscored, not scored; set judge.base-url and judge.model to score them";

    /** The judge's model name, part of the cache key and of every verdict. */
    String model();

    /** {@link JudgePrompts#version()} of the prompts used. */
    String promptVersion();

    /** Whether this judge scores at all; false for {@link #unconfigured()}, which must not touch the cache. */
    default boolean scores() {
        return true;
    }

    JudgeVerdict judge(PairRow pair, Consumer<String> failures);

    /**
     * Whether a failed verdict's reason lies in the pair itself (an image that is not a PNG), so judging it again
     * cannot help. Every other failure (endpoint down, timeout, answers that never parsed) is retried by a rerun.
     */
    default boolean rowSpecific(String failureReason) {
        return false;
    }

    @Override
    default void close() {}

    /** Marks every pair {@link JudgeVerdict.Status#UNSCORED}; makes no request and invents no score. */
    static PairJudge unconfigured() {
        return new PairJudge() {
            @Override
            public String model() {
                return "";
            }

            @Override
            public String promptVersion() {
                return "";
            }

            @Override
            public boolean scores() {
                return false;
            }

            @Override
            public JudgeVerdict judge(PairRow pair, Consumer<String> failures) {
                return JudgeVerdict.unscored(pair);
            }
        };
    }
}
