package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestChatEndpointConfig {
    private static final String SECRET = "sk-test-0123456789abcdef-SECRET";

    @TempDir
    Path tempDir;

    @Test
    void defaults() {
        assertDefaults(values -> ChatEndpointConfig.from(values, "llm"),
                new ChatEndpointConfig("llm", "", "", "OPENAI_API_KEY", "", Duration.ofSeconds(10),
                        Duration.ofSeconds(120), 4, Duration.ofSeconds(1), Duration.ofSeconds(30), 8, 0.7, 2048));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("llm.base-url", "http://127.0.0.1:8000/v1/"),
                Map.entry("llm.model", "qwen2.5-72b-instruct"),
                Map.entry("llm.api-key-env", "MY_LLM_KEY"),
                Map.entry("llm.api-key-file", "/secrets/llm.key"),
                Map.entry("llm.connect-timeout", "3s"),
                Map.entry("llm.request-timeout", "3m"),
                Map.entry("llm.max-retries", "0"),
                Map.entry("llm.backoff-initial", "200ms"),
                Map.entry("llm.backoff-max", "1h"),
                Map.entry("llm.max-concurrent-requests", "32"),
                Map.entry("llm.temperature", "1.5"),
                Map.entry("llm.max-tokens", "512"));
        assertFullMapping(properties, values -> ChatEndpointConfig.from(values, "llm"),
                new ChatEndpointConfig("llm", "http://127.0.0.1:8000/v1", "qwen2.5-72b-instruct", "MY_LLM_KEY",
                        "/secrets/llm.key", Duration.ofSeconds(3), Duration.ofMinutes(3), 0, Duration.ofMillis(200),
                        Duration.ofHours(1), 32, 1.5, 512),
                "llm.", Set.of("prefix"));
    }

    @Test
    void prefixSelectsTheKeys() {
        ConfigValues values = Fixtures.configValues("judge.base-url", "https://api.example.com/v1",
                "judge.model", "gpt-4o");
        ChatEndpointConfig judge = ChatEndpointConfig.from(values, "judge");
        values.checkAllConsumed();
        assertThat(judge.prefix()).isEqualTo("judge");
        assertThat(judge.baseUrl()).isEqualTo("https://api.example.com/v1");
        assertThat(judge.configured()).isTrue();
    }

    @Test
    void baseUrlMustBeHttp() {
        assertThatThrownBy(() -> ChatEndpointConfig.from(Fixtures.configValues("llm.base-url", "ftp://host/v1"), "llm"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid config key 'llm.base-url' (--set): expected an http:// or https:// URL,"
                        + " found 'ftp://host/v1'");
    }

    @Test
    void temperatureOutOfRange() {
        assertThatThrownBy(() -> ChatEndpointConfig.from(Fixtures.configValues("llm.temperature", "2.5"), "llm"))
                .hasMessageContaining("'llm.temperature'")
                .hasMessageContaining("[0.0, 2.0]");
    }

    @Test
    void checkConfiguredNamesTheMissingKeys() {
        ChatEndpointConfig unconfigured = ChatEndpointConfig.from(Fixtures.configValues(), "llm");
        assertThat(unconfigured.configured()).isFalse();
        assertThatThrownBy(() -> unconfigured.checkConfigured("plan.backend = llm"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid config: plan.backend = llm needs llm.base-url and llm.model")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG);

        ChatEndpointConfig noModel = ChatEndpointConfig.from(
                Fixtures.configValues("llm.base-url", "http://localhost:8000/v1"), "llm");
        assertThatThrownBy(() -> noModel.checkConfigured("plan.backend = llm"))
                .hasMessageContaining("llm.model");

        ChatEndpointConfig.from(Fixtures.configValues("llm.base-url", "http://localhost:8000/v1", "llm.model", "m"),
                "llm").checkConfigured("plan.backend = llm");
    }

    @Test
    void apiKeyIsReadFromTheFileAtUseAndNeverHeld() {
        Path keyFile = Fixtures.writeLines(tempDir, "llm.key", "  " + SECRET + "  ", "");
        ChatEndpointConfig config = ChatEndpointConfig.from(Fixtures.configValues(
                "llm.base-url", "http://localhost:8000/v1", "llm.model", "m",
                "llm.api-key-file", keyFile.toString()), "llm");

        assertThat(config.resolveApiKey()).contains(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET).contains(keyFile.toString());
        assertThat(Fixtures.roundTripSerialize(config).toString()).doesNotContain(SECRET);
    }

    @Test
    void apiKeyFileWinsOverTheEnvironment() {
        Path keyFile = Fixtures.writeLines(tempDir, "llm.key", SECRET);
        // PATH is set in every test JVM: proves the file is preferred even when the variable exists.
        ChatEndpointConfig config = ChatEndpointConfig.from(Fixtures.configValues(
                "llm.api-key-env", "PATH", "llm.api-key-file", keyFile.toString()), "llm");
        assertThat(config.resolveApiKey()).contains(SECRET);
    }

    @Test
    void apiKeyFromTheEnvironment() {
        ChatEndpointConfig fromPath = ChatEndpointConfig.from(Fixtures.configValues("llm.api-key-env", "PATH"), "llm");
        assertThat(fromPath.resolveApiKey()).isEqualTo(Optional.ofNullable(System.getenv("PATH")));

        ChatEndpointConfig unset = ChatEndpointConfig.from(
                Fixtures.configValues("llm.api-key-env", "UNOSYNTH_TEST_VARIABLE_THAT_IS_NEVER_SET"), "llm");
        assertThat(unset.resolveApiKey()).isEmpty();
    }

    @Test
    void missingApiKeyFileNamesKeyAndFile() {
        Path missing = tempDir.resolve("absent.key");
        ChatEndpointConfig config = ChatEndpointConfig.from(
                Fixtures.configValues("llm.api-key-file", missing.toString()), "llm");
        assertThatThrownBy(config::resolveApiKey)
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Cannot read llm.api-key-file '" + missing + "'");
    }
}
