package io.unosynth.runtime.llm;

import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoint configs for tests, bound through the real {@code llm.*} keys: short timeouts, 2 retries, 100 ms
 * initial and 1 s maximum backoff, no API key (the named variable is not set), unless overridden.
 */
final class TestEndpoints {
    static final String MODEL = "test-model";
    /** Set by the surefire configuration of this module. */
    static final String KEY_ENV = "UNOSYNTH_TEST_API_KEY";
    static final String KEY_ENV_VALUE = "sk-test-env-7f3a9c";

    private TestEndpoints() {}

    /** @param overrides alternating keys (without the {@code llm.} prefix) and values */
    static ChatEndpointConfig endpoint(String baseUrl, String... overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("llm.base-url", baseUrl);
        values.put("llm.model", MODEL);
        values.put("llm.api-key-env", "UNOSYNTH_TEST_UNSET_KEY");
        values.put("llm.connect-timeout", "1s");
        values.put("llm.request-timeout", "2s");
        values.put("llm.max-retries", "2");
        values.put("llm.backoff-initial", "100ms");
        values.put("llm.backoff-max", "1s");
        values.put("llm.max-concurrent-requests", "4");
        values.put("llm.max-tokens", "512");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            values.put("llm." + overrides[i], overrides[i + 1]);
        }
        return ChatEndpointConfig.from(ConfigValues.of(values), "llm");
    }
}
