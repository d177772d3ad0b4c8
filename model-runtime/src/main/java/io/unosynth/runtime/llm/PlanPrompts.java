package io.unosynth.runtime.llm;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.taxonomy.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plan stage's LLM prompts, kept as data: a system prompt and two user prompts with {@code {name}}
 * placeholders. Subjects: {@code {category}}, {@code {batch}} (1-based shard of the category), {@code {count}},
 * {@code {count_normal}}, {@code {count_rare}}, {@code {count_text}} (UNO's three kinds: ordinary, rare, with text
 * on it) and {@code {max_words}}. Scenes: {@code {category}}, {@code {subject}}, {@code {count}},
 * {@code {max_words}} and {@code {max_tokens}}. Placeholders are filled in one pass, so braces inside a subject
 * are left alone.
 */
public record PlanPrompts(String system, String subjects, String scenes) {
    static final String SYSTEM_RESOURCE = "plan-system.txt";
    static final String SUBJECTS_RESOURCE = "plan-subjects.txt";
    static final String SCENES_RESOURCE = "plan-scenes.txt";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Set<String> SUBJECT_PLACEHOLDERS = Set.of("category", "batch", "count", "count_normal",
            "count_rare", "count_text", "max_words");
    private static final Set<String> SCENE_PLACEHOLDERS = Set.of("category", "subject", "count", "max_words",
            "max_tokens");

    public PlanPrompts {
        requireNonNull(system, "system is null");
        checkPlaceholders("subjects", subjects, SUBJECT_PLACEHOLDERS, Set.of("category", "count"));
        checkPlaceholders("scenes", scenes, SCENE_PLACEHOLDERS, Set.of("subject", "count"));
    }

    /** The prompts shipped in this package's resources. */
    public static PlanPrompts builtIn() {
        return new PlanPrompts(resource(SYSTEM_RESOURCE), resource(SUBJECTS_RESOURCE), resource(SCENES_RESOURCE));
    }

    /** Asks for {@code count} subjects, about half ordinary, a quarter rare and a quarter with text on them. */
    public List<ChatMessage> subjectMessages(Category category, int shardIndex, int count, int maxWords) {
        int normal = count / 2;
        int rare = count / 4;
        return messages(fill(subjects, Map.of(
                "category", category.name(),
                "batch", Integer.toString(shardIndex + 1),
                "count", Integer.toString(count),
                "count_normal", Integer.toString(normal),
                "count_rare", Integer.toString(rare),
                "count_text", Integer.toString(count - normal - rare),
                "max_words", Integer.toString(maxWords))));
    }

    /**
     * Asks for {@code count} scenes of {@code subject}. The word limit given to the model is half the token limit:
     * models cannot count CLIP tokens, and ordinary prose stays well inside that budget.
     */
    public List<ChatMessage> sceneMessages(Category category, String subject, int count, int maxTokens) {
        return messages(fill(scenes, Map.of(
                "category", category.name(),
                "subject", subject,
                "count", Integer.toString(count),
                "max_words", Integer.toString(Math.max(1, maxTokens / 2)),
                "max_tokens", Integer.toString(maxTokens))));
    }

    private List<ChatMessage> messages(String user) {
        return system.isBlank()
                ? List.of(ChatMessage.user(user))
                : List.of(ChatMessage.system(system), ChatMessage.user(user));
    }

    private static String fill(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }

    private static void checkPlaceholders(String name, String template, Set<String> allowed, Set<String> required) {
        requireNonNull(template, name + " is null");
        Set<String> found = new TreeSet<>();
        PLACEHOLDER.matcher(template).results().forEach(m -> found.add(m.group(1)));
        Set<String> unknown = new TreeSet<>(found);
        unknown.removeAll(allowed);
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(found);
        ValidationException.check(unknown.isEmpty() && missing.isEmpty(), PipelineErrorCode.INVALID_CONFIG,
                "Invalid %s prompt: unknown placeholders %s, missing placeholders %s (allowed: %s)",
                name, unknown, missing, new TreeSet<>(allowed));
    }

    private static String resource(String name) {
        try (InputStream in = PlanPrompts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Cannot load prompt: resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load prompt resource " + name, e);
        }
    }
}
