package io.unosynth.runtime.judge;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.JudgeConfig;
import io.unosynth.core.judge.JudgeAnswers;
import io.unosynth.core.judge.JudgePrompts;
import io.unosynth.core.judge.JudgeScores;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.Seeds;
import io.unosynth.runtime.llm.ChatCompletionsClient;
import io.unosynth.runtime.llm.ChatMessage;
import io.unosynth.runtime.llm.ChatRequest;
import io.unosynth.runtime.llm.ChatResult;
import io.unosynth.runtime.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * UNO's VLM check as a three-turn conversation over an OpenAI-compatible endpoint: the reference and target go as
 * base64 PNG data URLs in the first user message; turn 1 breaks the subject into parts (JSON), turn 2 describes the
 * differences part by part (text), turn 3 scores each part and appearance / details / attributes / final on 0-4
 * (JSON). Each accepted answer stays in the conversation as the assistant's message.
 *
 * <p>A rejected answer is counted as {@code judge_<reason>} ({@code judge_not_json}, {@code judge_missing_field},
 * {@code judge_score_out_of_range}, ...) and the turn is asked again with a new seed, up to
 * {@code maxAnswerAttempts} answers per turn; then the pair counts as {@value #UNANSWERED} and gets a
 * {@code FAILED} verdict. Endpoint trouble is retried and counted by {@link ChatCompletionsClient}; once it gives
 * up, the pair fails with the client's reason (e.g. {@code llm_timeout}). Nothing here throws for a bad endpoint.
 */
public final class VlmJudge implements PairJudge {
    public static final String UNANSWERED = "judge_unanswered";
    public static final String NOT_PNG = "judge_image_not_png";
    static final String REJECTION_PREFIX = "judge_";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final ChatCompletionsClient client;
    private final AutoCloseable release;
    private final JudgePrompts prompts;
    private final int maxAnswerAttempts;

    /** A judge on a client the caller owns (and closes). */
    public VlmJudge(ChatCompletionsClient client, JudgePrompts prompts, int maxAnswerAttempts) {
        this(client, () -> {}, prompts, maxAnswerAttempts);
    }

    private VlmJudge(ChatCompletionsClient client, AutoCloseable release, JudgePrompts prompts,
            int maxAnswerAttempts) {
        this.client = requireNonNull(client, "client is null");
        this.release = requireNonNull(release, "release is null");
        this.prompts = requireNonNull(prompts, "prompts is null");
        checkArgument(maxAnswerAttempts >= 1, "Invalid max answer attempts: %s", maxAnswerAttempts);
        this.maxAnswerAttempts = maxAnswerAttempts;
    }

    /**
     * The judge of this configuration: {@link PairJudge#unconfigured()} when no {@code judge.base-url} is set,
     * else a VLM judge on the JVM's shared client for the endpoint, released by {@link #close()}.
     */
    public static PairJudge open(JudgeConfig config) {
        if (!config.configured()) {
            return PairJudge.unconfigured();
        }
        JudgePrompts prompts = JudgePrompts.load(config.promptDir());
        ModelRegistry.Lease<ChatCompletionsClient> lease = ChatCompletionsClient.shared(config.endpoint());
        return new VlmJudge(lease.value(), lease, prompts, config.maxAnswerAttempts());
    }

    @Override
    public String model() {
        return client.config().model();
    }

    @Override
    public String promptVersion() {
        return prompts.version();
    }

    @Override
    public boolean rowSpecific(String failureReason) {
        return NOT_PNG.equals(failureReason);
    }

    @Override
    public JudgeVerdict judge(PairRow pair, Consumer<String> failures) {
        requireNonNull(pair, "pair is null");
        requireNonNull(failures, "failures is null");
        long start = System.nanoTime();
        Conversation conversation = new Conversation(pair, failures);
        if (!isPng(pair.referencePng()) || !isPng(pair.targetPng())) {
            failures.accept(NOT_PNG);
            return conversation.failed(NOT_PNG, start);
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (!prompts.system().isBlank()) {
            messages.add(ChatMessage.system(prompts.system()));
        }
        messages.add(ChatMessage.userWithImages(
                prompts.renderParts(pair.category(), pair.subject(), pair.scene()),
                List.of(dataUrl(pair.referencePng()), dataUrl(pair.targetPng()))));
        Turn<List<String>> parts = conversation.ask(messages, 1, JudgeAnswers::parts);
        if (parts.failure() != null) {
            return conversation.failed(parts.failure(), start);
        }
        messages.add(new ChatMessage("assistant", parts.text(), List.of()));
        messages.add(ChatMessage.user(prompts.renderDifferences(pair.category(), pair.subject(), pair.scene())));
        Turn<String> differences = conversation.ask(messages, 2, JudgeAnswers::differences);
        if (differences.failure() != null) {
            return conversation.failed(differences.failure(), start);
        }
        messages.add(new ChatMessage("assistant", differences.text(), List.of()));
        messages.add(ChatMessage.user(prompts.renderScores(pair.category(), pair.subject(), pair.scene())));
        Turn<JudgeScores> scores = conversation.ask(messages, 3, JudgeAnswers::scores);
        if (scores.failure() != null) {
            return conversation.failed(scores.failure(), start);
        }
        return JudgeVerdict.scored(pair, model(), promptVersion(), scores.value(), conversation.transcript(),
                conversation.usage(start));
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release the chat client of judge " + model(), e);
        }
    }

    static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > PNG_SIGNATURE.length
                && Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
    }

    /** The accepted answer of one turn (its text and parsed value), or the reason the turn failed. */
    private record Turn<T>(String text, T value, String failure) {}

    /** One pair's exchange: the answers accepted so far and what they cost. */
    private final class Conversation {
        private final PairRow pair;
        private final Consumer<String> failures;
        private final String[] accepted = {"", "", ""};
        private long promptTokens;
        private long completionTokens;
        private int requests;

        Conversation(PairRow pair, Consumer<String> failures) {
            this.pair = pair;
            this.failures = failures;
        }

        <T> Turn<T> ask(List<ChatMessage> messages, int turn, Function<String, JudgeAnswers.Checked<T>> check) {
            for (int attempt = 0; attempt < maxAnswerAttempts; attempt++) {
                // A new seed per answer: the same seed would bring a rejected answer back.
                long seed = Seeds.derive(pair.seed(), turn, attempt) & Integer.MAX_VALUE;
                ChatResult result = client.complete(new ChatRequest(messages, OptionalLong.of(seed)), failures);
                requests += result.attempts();
                if (result instanceof ChatResult.Failure failure) {
                    // The client retried what a retry can fix; only a garbled answer is worth asking again.
                    if (failure.reason().equals(ChatCompletionsClient.BAD_RESPONSE)) {
                        continue;
                    }
                    return new Turn<>("", null, failure.reason());
                }
                ChatResult.Answer answer = (ChatResult.Answer) result;
                promptTokens += answer.usage().promptTokens();
                completionTokens += answer.usage().completionTokens();
                JudgeAnswers.Checked<T> checked = check.apply(answer.content());
                if (checked.ok()) {
                    accepted[turn - 1] = answer.content();
                    return new Turn<>(answer.content(), checked.value().orElseThrow(), null);
                }
                failures.accept(REJECTION_PREFIX + checked.rejection());
            }
            failures.accept(UNANSWERED);
            return new Turn<>("", null, UNANSWERED);
        }

        JudgeVerdict.Transcript transcript() {
            return new JudgeVerdict.Transcript(accepted[0], accepted[1], accepted[2]);
        }

        JudgeVerdict.Usage usage(long startNanos) {
            return new JudgeVerdict.Usage((System.nanoTime() - startNanos) / 1_000_000, promptTokens,
                    completionTokens, requests);
        }

        JudgeVerdict failed(String reason, long startNanos) {
            return JudgeVerdict.failed(pair, model(), promptVersion(), reason, transcript(), usage(startNanos));
        }
    }
}
