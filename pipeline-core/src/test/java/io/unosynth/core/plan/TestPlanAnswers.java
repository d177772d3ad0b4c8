package io.unosynth.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.plan.PlanAnswers.Checked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestPlanAnswers {
    private static final SubjectDeduplicator DEDUP = new SubjectDeduplicator(0.8);

    private static Checked subjects(String answer, int count) {
        return PlanAnswers.check(answer, count, TokenEstimate::words, 4, DEDUP);
    }

    @Test
    void jsonArray() {
        Checked checked = subjects("[\"red mug\", \" blue bowl \", \"green tent\"]", 3);
        assertThat(checked.ok()).isTrue();
        assertThat(checked.rejection()).isEmpty();
        assertThat(checked.items()).containsExactly("red mug", "blue bowl", "green tent");
    }

    @Test
    void objectWithOneArrayField() {
        assertThat(subjects("{\"subjects\": [\"red mug\", \"blue bowl\"]}", 2).items())
                .containsExactly("red mug", "blue bowl");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "```json\n[\"red mug\", \"blue bowl\"]\n```",
            "```\n[\"red mug\", \"blue bowl\"]\n```",
            "  ```JSON\n{\"scenes\": [\"red mug\", \"blue bowl\"]}\n```  \n",
            "Sure! Here are two subjects:\n```json\n[\"red mug\", \"blue bowl\"]\n```\nLet me know if you need more.",
            "Here you go: {\"subjects\": [\"red mug\", \"blue bowl\"]} Enjoy!",
            "Here you go:\n[\"red mug\", \"blue bowl\"]",
            "```json\n[\"red mug\", \"blue bowl\"]",
    })
    void fencedBlocksAndJsonEmbeddedInProse(String answer) {
        assertThat(subjects(answer, 2).items()).containsExactly("red mug", "blue bowl");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Sure! Here are the subjects: red mug, blue bowl",
            "",
            "{\"subjects\": [\"red mug\"], \"note\": \"x\"}",
            "{\"subjects\": \"red mug\"}",
            "\"red mug\"",
            "[\"red mug\", 3]",
            "[\"red mug\", null]",
            "[\"red mug\", [\"blue bowl\"]]",
            "[{\"name\": \"red mug\"}]",
    })
    void notJson(String answer) {
        Checked checked = subjects(answer, 1);
        assertThat(checked.ok()).isFalse();
        assertThat(checked.rejection()).contains("not_json");
        assertThat(checked.items()).isEmpty();
    }

    @Test
    void chatterAfterACompleteJsonValueIsIgnored() {
        assertThat(subjects("[\"red mug\"]\nHope this helps!", 1).items()).containsExactly("red mug");
    }

    @Test
    void tooFew() {
        assertThat(subjects("[\"red mug\", \"  \", \"\"]", 2).rejection()).contains("too_few_items");
        assertThat(subjects("[]", 1).rejection()).contains("too_few_items");
    }

    @Test
    void tooLongItemsAreDroppedAndNamedWhenShort() {
        String answer = "[\"red mug\", \"a very long red mug with a handle\", \"blue bowl\"]";
        assertThat(subjects(answer, 2).items()).as("enough remain").containsExactly("red mug", "blue bowl");
        assertThat(subjects(answer, 3).rejection()).contains("too_long");
    }

    @Test
    void duplicatesAreDroppedAndNamedWhenShort() {
        String answer = "[\"red mug\", \"Red mugs!\", \"blue bowl\"]";
        assertThat(subjects(answer, 2).items()).containsExactly("red mug", "blue bowl");
        assertThat(subjects(answer, 3).rejection()).contains("duplicates");
    }

    @Test
    void firstProblemIsTooLongBeforeDuplicates() {
        String answer = "[\"red mug\", \"the red mug\", \"a very long red mug with a handle\"]";
        assertThat(subjects(answer, 3).rejection()).contains("too_long");
    }

    @Test
    void extraItemsAreCut() {
        assertThat(subjects("[\"a mug\", \"a bowl\", \"a tent\", \"a kite\", \"a lamp\"]", 3).items())
                .containsExactly("a mug", "a bowl", "a tent");
    }

    @Test
    void scenesMeasuredInTokens() {
        Checked checked = PlanAnswers.check("[\"on a beach\", \"on a beach, at sunset, in soft light\"]", 1,
                TokenEstimate::count, 5, DEDUP);
        assertThat(checked.items()).containsExactly("on a beach");
    }
}
