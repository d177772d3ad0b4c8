package io.unosynth.core.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationSetDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void theFixtureLoadsWithItsSubjectsPhotosAndPrompts() throws IOException {
        Path root = EvaluationSetFixture.copyTo(tmp.resolve("set"));
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "not a photo");
        EvaluationSetDirectory directory = new EvaluationSetDirectory(root);
        EvaluationSet set = directory.load();
        assertThat(set.photos()).containsOnlyKeys("cat", "mug");
        assertThat(set.photos().get("cat")).containsExactly("00.png", "01.png");
        assertThat(set.prompts()).hasSize(5);
        assertThat(set.subjectKeys()).containsExactly("cat", "cat+mug", "mug");
        assertThat(directory.photos(set, "mug")).hasSize(2)
                .allSatisfy(photo -> assertThat(photo.width()).isEqualTo(64));
    }

    @Test
    void aFolderWithoutPromptsOrWithAnUnknownSubjectFailsNamingIt() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> new EvaluationSetDirectory(empty).load())
                .hasMessageContaining("Invalid evaluation set " + empty + ": no prompts.tsv");
        Path root = EvaluationSetFixture.copyTo(tmp.resolve("set"));
        Files.writeString(root.resolve("prompts.tsv"), "subject\tprompt\tclass\ndog\ta dog\tdog\n");
        assertThatThrownBy(() -> new EvaluationSetDirectory(root).load())
                .hasMessageContaining("names subject 'dog', which has no folder with photos; subjects: [cat, mug]");
    }
}
