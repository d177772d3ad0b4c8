package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The score stage: a vision-language judge behind an OpenAI-compatible endpoint ({@code judge.*} keys, the same
 * set as {@code llm.*}), its prompts, and how often a malformed answer is asked again. With no
 * {@code judge.base-url} (the embedded default) pairs are marked unscored, never given invented scores.
 *
 * @param promptDir a directory holding the prompt files (same names as the built-in ones); empty = built-in
 * @param maxAnswerAttempts answers asked per conversation turn before the pair counts as a failure
 */
public record JudgeConfig(ChatEndpointConfig endpoint, String promptDir, int maxAnswerAttempts)
        implements Serializable {
    public static final String PREFIX = "judge";
    public static final String PROMPT_DIR = "judge.prompt-dir";
    public static final String MAX_ANSWER_ATTEMPTS = "judge.max-answer-attempts";
    public static final int MAX_ANSWER_ATTEMPTS_DEFAULT = 3;

    public JudgeConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(promptDir, "promptDir is null");
    }

    public static JudgeConfig from(ConfigValues values) {
        return new JudgeConfig(ChatEndpointConfig.from(values, PREFIX), values.string(PROMPT_DIR, "").strip(),
                values.intAtLeast(MAX_ANSWER_ATTEMPTS, MAX_ANSWER_ATTEMPTS_DEFAULT, 1));
    }

    /** Whether pairs get scored at all; false means every pair is marked unscored. */
    public boolean configured() {
        return endpoint.configured();
    }
}
