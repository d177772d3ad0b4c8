package io.unosynth.runtime.llm;

import io.unosynth.core.taxonomy.Category;
import java.util.List;

/** One category and a plausible LLM answer for it, shared by the plan backend tests. */
final class MugFixtures {
    static final Category MUG = new Category(12, "Mug", List.of());
    /** Distinct under the default deduplication, each within 12 words. */
    static final List<String> SUBJECTS = List.of(
            "a red ceramic mug with white polka dots",
            "a tall brushed steel travel mug",
            "a hand-painted folk-art mug with blue birds",
            "a navy mug with the word \"HELLO\" printed on it",
            "a translucent glass mug with a bamboo handle");

    private MugFixtures() {}
}
