package io.unosynth.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestTokenEstimate {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'' | 0",
            "'   ' | 0",
            "photo | 1",
            "a photo | 2",
            "hello, world! | 4",
            "photograph | 2",
            "photographs | 3",
            "close-up | 3",
            "it's | 3",
            "1970s | 1",
            "café | 1",
            "a close-up photo of it on a sandy beach, in soft morning light | 17",
    })
    void count(String text, int tokens) {
        assertThat(TokenEstimate.count(text)).isEqualTo(tokens);
    }

    @ParameterizedTest(name = "''{0}'' -> {1} words")
    @CsvSource(delimiter = '|', value = {
            "'' | 0",
            "'  ' | 0",
            "mug | 1",
            "'  a   red\tmug  ' | 3",
            "red mug with the word 'SALE' printed on it | 9",
    })
    void words(String text, int words) {
        assertThat(TokenEstimate.words(text)).isEqualTo(words);
    }
}
