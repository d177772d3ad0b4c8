package io.unosynth.runtime.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.error.ValidationException;
import io.unosynth.core.taxonomy.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanPromptsTest {
    private static final Category MONITOR = new Category(61, "Moniter/TV", List.of());

    @Test
    void builtInPromptsFillEveryPlaceholder() {
        PlanPrompts prompts = PlanPrompts.builtIn();

        List<ChatMessage> subjects = prompts.subjectMessages(MONITOR, 0, 55, 12);
        List<ChatMessage> scenes = prompts.sceneMessages(MONITOR, "a beige CRT monitor", 9, 77);

        assertThat(subjects).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(subjects.get(1).text()).contains("\"Moniter/TV\"", "(batch 1)", "Write 55 different subjects",
                "about 27 ordinary", "about 13 rare", "about 15 with text").doesNotContainPattern("\\{[a-z_]+}");
        assertThat(scenes.get(1).text()).contains("\"a beige CRT monitor\"", "Write 9 different scenes")
                .doesNotContainPattern("\\{[a-z_]+}");
    }

    @Test
    void leavesBracesInsideASubjectAlone() {
        List<ChatMessage> scenes = PlanPrompts.builtIn().sceneMessages(MONITOR, "a TV showing {count} $1", 8, 77);

        assertThat(scenes.get(1).text()).contains("\"a TV showing {count} $1\"", "Write 8 different scenes");
    }

    @Test
    void rejectsUnknownAndMissingPlaceholders() {
        assertThatThrownBy(() -> new PlanPrompts("", "Write {count} {categry} subjects", "{subject} {count}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Invalid subjects prompt")
                .hasMessageContaining("unknown placeholders [categry]")
                .hasMessageContaining("missing placeholders [category]");
    }

    @Test
    void omitsAnEmptySystemPrompt() {
        PlanPrompts prompts = new PlanPrompts(" ", "{category} {count}", "{subject} {count}");

        assertThat(prompts.sceneMessages(MONITOR, "a TV", 2, 77)).extracting(ChatMessage::role)
                .containsExactly("user");
    }
}
