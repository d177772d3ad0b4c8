package io.unosynth.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPromptTemplate {
    @TempDir
    Path tempDir;

    @Test
    void diptychHasBothPlaceholders() {
        PromptTemplate template = PromptTemplate.diptych();
        assertThat(template.text()).contains("{subject}", "{scene}")
                .startsWith("A diptych with two side-by-side images of same {subject}.")
                .contains("On the right, replicate this {subject} exactly but as {scene}")
                .isEqualTo(template.text().strip());
        assertThat(PromptTemplate.load("")).isEqualTo(template);
    }

    @Test
    void renderReplacesEveryPlaceholder() {
        String prompt = PromptTemplate.diptych().render("red ceramic mug", "a photo of it on a beach");
        assertThat(prompt).doesNotContain("{subject}", "{scene}")
                .startsWith("A diptych with two side-by-side images of same red ceramic mug.")
                .endsWith("replicate this red ceramic mug exactly but as a photo of it on a beach");
        assertThat(new PromptTemplate("{subject}|{scene}|{subject}").render("s", "c")).isEqualTo("s|c|s");
    }

    @Test
    void templateFromFile() {
        Path file = Fixtures.writeLines(tempDir, "t.txt", "", "A photo of {subject}, {scene}.", "");
        assertThat(PromptTemplate.load(file.toString()).text()).isEqualTo("A photo of {subject}, {scene}.");
    }

    @Test
    void fileWithoutPlaceholdersNamesTheFile() {
        Path file = Fixtures.writeLines(tempDir, "t.txt", "A photo of {subject}.");
        assertThatThrownBy(() -> PromptTemplate.load(file.toString()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid prompt template file " + file + ": it must contain {subject} and {scene}")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tempDir.resolve("absent.txt");
        assertThatThrownBy(() -> PromptTemplate.load(missing.toString()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Cannot read prompt template file " + missing);
    }

    @Test
    void constructorChecksPlaceholders() {
        assertThatThrownBy(() -> new PromptTemplate("no placeholders"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid prompt template: it must contain {subject} and {scene}, found 'no placeholders'");
    }

    @Test
    void theSingleImageTemplateOfTheSubjectToImagePathHasBothPlaceholders() {
        PromptTemplate single = PromptTemplate.singleImage();

        assertThat(single.render("a red mug", "a photo of it on a desk"))
                .isEqualTo("A photo of the red mug: a photo of it on a desk");
    }
}
