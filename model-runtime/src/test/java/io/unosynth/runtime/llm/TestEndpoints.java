package io.unosynth.runtime.llm;

import io.unosynth.core.config.ChatEndpointConfig;
import io.unosynth.core.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoint configs for tests, bound through the real {@code llm.*} (or another prefix's) keys: short timeouts,
 * 2 retries, 100 ms initial and 1 s maximum backoff, no API key (the named variable is not set), unless overridden.
 */
public final class TestEndpoints {
    public static final String MODEL = "test-model";
    /** Set by the surefire configuration of this module. */
    static final String KEY_ENV = "UNOSYNTH_TEST_API_KEY";
    static final String KEY_ENV_VALUE = "sk-test-env-7f3a9c";

    private TestEndpoints() {}

    /** @param overrides alternating keys (without the {@code llm.} prefix) and values */
    static ChatEndpointConfig endpoint(String baseUrl, String... overrides) {
        return endpointUnder("llm", baseUrl, overrides);
    }

    /** The same under {@code prefix} (e.g. {@code judge}); overrides are given without the prefix. */
    public static ChatEndpointConfig endpointUnder(String prefix, String baseUrl, String... overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] defaults = {"base-url", baseUrl, "model", MODEL, "api-key-env", "UNOSYNTH_TEST_UNSET_KEY",
            "connect-timeout", "1s", "request-timeout", "2s", "max-retries", "2", "backoff-initial", "100ms",
            "backoff-max", "1s", "max-concurrent-requests", "4", "max-tokens", "512"};
        for (String[] pairs : List.of(defaults, overrides)) {
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                values.put(prefix + "." + pairs[i], pairs[i + 1]);
            }
        }
        return ChatEndpointConfig.from(ConfigValues.of(values), prefix);
    }
}
