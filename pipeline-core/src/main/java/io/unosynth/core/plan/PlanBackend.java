package io.unosynth.core.plan;

import io.unosynth.core.taxonomy.Category;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes subjects and scenes. Implementations: {@link TemplatePlanBackend} (offline, deterministic) and the LLM
 * backend in model-runtime. Failures that lose items are reported to {@code failures} under a short reason and
 * the call returns what it has; only a bug throws.
 */
public interface PlanBackend extends AutoCloseable {
    /** Recorded in every plan row and stats marker, e.g. {@code template-v1} or {@code llm:<model>}. */
    String id();

    /**
     * Up to {@code count} distinct subjects of the category (more is fine, the caller trims), each at most
     * {@code maxWords} words. {@code shardIndex} tells apart the batches of one category.
     */
    List<String> subjects(Category category, int shardIndex, int count, int maxWords, long seed,
            Consumer<String> failures);

    /** Up to {@code count} scenes for one subject, each within {@code maxTokens} CLIP tokens. */
    List<String> scenes(Category category, String subject, int count, int maxTokens, long seed,
            Consumer<String> failures);

    /**
     * Whether the same arguments always give the same answer (the template backend). Then each shard of a category
     * takes its slice of one category-wide subject list; see {@code PlanShardWork}.
     */
    default boolean repeatable() {
        return false;
    }

    /**
     * Whether a failure reason is external (endpoint down, timeout, 5xx): the shard is then kept but not final, so a
     * rerun asks again; other reasons (a malformed answer) are only counted.
     */
    default boolean external(String failureReason) {
        return false;
    }

    /** Whether calls may run concurrently to hide latency (remote backends). */
    default boolean concurrent() {
        return false;
    }

    @Override
    default void close() {}
}
