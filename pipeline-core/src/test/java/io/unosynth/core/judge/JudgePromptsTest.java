package io.unosynth.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgePromptsTest {
    @TempDir
    Path dir;

    @Test
    void builtInPromptsFollowUnosThreeTurns() {
        JudgePrompts prompts = JudgePrompts.builtIn();
        assertThat(prompts.renderParts("Cup", "a red mug", "on a beach"))
                .contains("a red mug").contains("on a beach").contains("\"parts\"").doesNotContain("{subject}");
        assertThat(prompts.differences()).containsIgnoringCase("differ");
        assertThat(prompts.scores()).contains("appearance").contains("details").contains("attributes")
                .contains("\"final\"").contains("0 to 4");
        assertThat(prompts.version()).hasSize(16).isEqualTo(JudgePrompts.builtIn().version());
    }

    @Test
    void placeholdersAreFilledInOnePass() {
        JudgePrompts prompts = new JudgePrompts("", "{subject} / {scene} / {category}", "d", "s");
        assertThat(prompts.renderParts("Cup", "a {scene} mug $1", "on a {subject} beach"))
                .isEqualTo("a {scene} mug $1 / on a {subject} beach / Cup");
    }

    @Test
    void aDirectoryOverridesTheTextsAndChangesTheVersion() throws IOException {
        JudgePrompts builtIn = JudgePrompts.builtIn();
        Files.writeString(dir.resolve(JudgePrompts.SYSTEM_FILE), builtIn.system());
        Files.writeString(dir.resolve(JudgePrompts.PARTS_FILE), builtIn.parts());
        Files.writeString(dir.resolve(JudgePrompts.DIFFERENCES_FILE), builtIn.differences());
        Files.writeString(dir.resolve(JudgePrompts.SCORES_FILE), builtIn.scores() + "\n");
        assertThat(JudgePrompts.load(dir.toString())).as("same texts, same version").isEqualTo(builtIn);

        Files.writeString(dir.resolve(JudgePrompts.SCORES_FILE), builtIn.scores() + " Be harsh.");
        assertThat(JudgePrompts.load(dir.toString()).version()).isNotEqualTo(builtIn.version());
        assertThat(JudgePrompts.load("")).isEqualTo(builtIn);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> JudgePrompts.load(dir.toString()))
                .hasMessageContaining("Cannot read judge prompt " + dir.resolve(JudgePrompts.SYSTEM_FILE))
                .hasMessageContaining("no such file");
    }
}
