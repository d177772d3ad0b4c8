package io.unosynth.runtime.llm;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.plan.PlanAnswers;
import io.unosynth.core.plan.PlanBackend;
import io.unosynth.core.plan.Seeds;
import io.unosynth.core.plan.SubjectDeduplicator;
import io.unosynth.core.plan.TokenEstimate;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.runtime.registry.ModelRegistry;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Plans with an LLM behind an OpenAI-compatible endpoint, as UNO did: subjects per category (at most
 * {@code maxWords} words, a mix of ordinary, rare and with-text ones), then scenes per subject (at most
 * {@code maxTokens} estimated CLIP tokens). Each answer must be a JSON array of strings and pass
 * {@link PlanAnswers#check}; a rejected answer is counted as {@code llm_<reason>} ({@code llm_not_json},
 * {@code llm_too_few_items}, ...) and asked again with a new seed, up to {@code maxAnswerAttempts} answers.
 * After that the largest usable part of any answer is returned and the caller counts what is missing.
 * Endpoint failures are retried and counted by {@link ChatCompletionsClient}; once it gives up, so does this.
 */
public final class LlmPlanBackend implements PlanBackend {
    public static final String ID_PREFIX = "llm:";
    static final String REJECTION_PREFIX = "llm_";
    /** Counted once per call that ended without an answer because of the endpoint, after the client's retries. */
    public static final String UNAVAILABLE = "llm_unavailable";

    private final ChatCompletionsClient client;
    private final AutoCloseable release;
    private final PlanPrompts prompts;
    private final int maxAnswerAttempts;
    private final SubjectDeduplicator deduplicator;
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();

    /** A backend on a client the caller owns (and closes). */
    public LlmPlanBackend(ChatCompletionsClient client, PlanPrompts prompts, int maxAnswerAttempts,
            double dedupSimilarity) {
        this(client, () -> {}, prompts, maxAnswerAttempts, dedupSimilarity);
    }

    private LlmPlanBackend(ChatCompletionsClient client, AutoCloseable release, PlanPrompts prompts,
            int maxAnswerAttempts, double dedupSimilarity) {
        this.client = requireNonNull(client, "client is null");
        this.release = requireNonNull(release, "release is null");
        this.prompts = requireNonNull(prompts, "prompts is null");
        checkArgument(maxAnswerAttempts >= 1, "Invalid max answer attempts: %s", maxAnswerAttempts);
        this.maxAnswerAttempts = maxAnswerAttempts;
        this.deduplicator = new SubjectDeduplicator(dedupSimilarity);
    }

    /** A backend on the JVM's shared client for {@code endpoint}, released by {@link #close()}. */
    public static LlmPlanBackend open(ChatEndpointConfig endpoint, PlanConfig plan) {
        endpoint.checkConfigured(PlanConfig.BACKEND + " = llm");
        ModelRegistry.Lease<ChatCompletionsClient> lease = ChatCompletionsClient.shared(endpoint);
        return new LlmPlanBackend(lease.value(), lease, PlanPrompts.builtIn(), plan.maxAnswerAttempts(),
                plan.dedupSimilarity());
    }

    @Override
    public String id() {
        return ID_PREFIX + client.config().model();
    }

    @Override
    public boolean concurrent() {
        return true;
    }

    /** Only a call that finally failed for the endpoint's sake: a retried attempt that then succeeded is not. */
    @Override
    public boolean external(String failureReason) {
        return failureReason.equals(UNAVAILABLE);
    }

    @Override
    public List<String> subjects(Category category, int shardIndex, int count, int maxWords, long seed,
            Consumer<String> failures) {
        List<ChatMessage> messages = prompts.subjectMessages(category, shardIndex, withMargin(count), maxWords);
        return ask(messages, count, TokenEstimate::words, maxWords, seed, failures);
    }

    @Override
    public List<String> scenes(Category category, String subject, int count, int maxTokens, long seed,
            Consumer<String> failures) {
        List<ChatMessage> messages = prompts.sceneMessages(category, subject, withMargin(count), maxTokens);
        return ask(messages, count, TokenEstimate::count, maxTokens, seed, failures);
    }

    /** Prompt and completion tokens of every answer so far, for the stage's report. */
    public ChatResult.TokenUsage tokenUsage() {
        return new ChatResult.TokenUsage((int) Math.min(Integer.MAX_VALUE, promptTokens.get()),
                (int) Math.min(Integer.MAX_VALUE, completionTokens.get()));
    }

    @Override
    public void close() {
        try {
            release.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release the chat client of " + id(), e);
        }
    }

    private List<String> ask(List<ChatMessage> messages, int count, ToIntFunction<String> length, int maxLength,
            long seed, Consumer<String> failures) {
        List<String> best = List.of();
        for (int attempt = 0; attempt < maxAnswerAttempts; attempt++) {
            // A new seed per attempt: the same seed would bring the same rejected answer back.
            ChatRequest request = new ChatRequest(messages, OptionalLong.of(
                    Seeds.derive(seed, attempt) & Integer.MAX_VALUE));
            ChatResult result = client.complete(request, failures);
            if (result instanceof ChatResult.Failure failure) {
                // The client has retried what a retry can fix; only a garbled answer is worth asking again.
                if (failure.reason().equals(ChatCompletionsClient.BAD_RESPONSE)) {
                    continue;
                }
                if (ChatCompletionsClient.endpointTrouble(failure.reason())) {
                    failures.accept(UNAVAILABLE);
                }
                return best;
            }
            ChatResult.Answer answer = (ChatResult.Answer) result;
            promptTokens.addAndGet(answer.usage().promptTokens());
            completionTokens.addAndGet(answer.usage().completionTokens());
            PlanAnswers.Checked checked = PlanAnswers.check(answer.content(), count, length, maxLength,
                    deduplicator);
            if (checked.ok()) {
                return checked.items();
            }
            failures.accept(REJECTION_PREFIX + checked.rejection().orElseThrow());
            List<String> usable = largestAcceptedPrefix(answer.content(), count, length, maxLength);
            if (usable.size() > best.size()) {
                best = usable;
            }
        }
        return best;
    }

    /**
     * The usable items of an answer that was rejected for having fewer than {@code count}: the accepted items
     * for a count are a prefix of one list, so the largest accepted count is found by bisection.
     */
    private List<String> largestAcceptedPrefix(String answer, int count, ToIntFunction<String> length,
            int maxLength) {
        int low = 0;
        int high = count - 1;
        List<String> best = List.of();
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            PlanAnswers.Checked checked = PlanAnswers.check(answer, middle, length, maxLength, deduplicator);
            if (checked.ok()) {
                low = middle;
                best = checked.items();
            } else {
                high = middle - 1;
            }
        }
        return best;
    }

    /** Asks for a tenth more (at least one) so that a dropped duplicate or overlong item still leaves enough. */
    private static int withMargin(int count) {
        return count + Math.max(1, count / 10);
    }
}
