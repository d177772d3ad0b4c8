package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Trino-style config assertions for our config records ({@code assertRecordedDefaults}/{@code assertFullMapping}):
 * a key cannot be added, renamed or given a new default without a test failing.
 */
public final class ConfigAssertions {
    private ConfigAssertions() {}

    /** Binding no settings at all gives {@code expected}; and no key was left unconsumed. */
    public static <T> void assertDefaults(Function<ConfigValues, T> binder, T expected) {
        ConfigValues values = new ConfigValues(List.of());
        T actual = binder.apply(values);
        values.checkAllConsumed();
        assertThat(actual).as("defaults").isEqualTo(expected);
    }

    /**
     * Binding {@code properties} gives {@code expected}; the properties are exactly the keys the record declares
     * (its {@code public static final String} constants not ending in {@code _DEFAULT}, after {@code keyPrefix});
     * every component of {@code expected} except {@code notKeys} differs from the default, so the test proves that
     * each key reaches its component.
     */
    public static <T extends Record> void assertFullMapping(Map<String, String> properties,
            Function<ConfigValues, T> binder, T expected, String keyPrefix, Set<String> notKeys) {
        ConfigValues values = ConfigValues.of(properties);
        T actual = binder.apply(values);
        values.checkAllConsumed();
        assertThat(actual).as("full mapping").isEqualTo(expected);

        assertThat(new TreeSet<>(properties.keySet()))
                .as("the mapping sets every key %s declares, and only those", expected.getClass().getSimpleName())
                .isEqualTo(declaredKeys(expected.getClass(), keyPrefix));

        T defaults = binder.apply(new ConfigValues(List.of()));
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            if (notKeys.contains(component.getName())) {
                continue;
            }
            assertThat(value(component, expected))
                    .as("component %s should be set to a non-default value", component.getName())
                    .isNotEqualTo(value(component, defaults));
        }
    }

    /** The config keys a record declares as constants, each prefixed by {@code keyPrefix}. */
    public static Set<String> declaredKeys(Class<?> type, String keyPrefix) {
        Set<String> keys = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && field.getType() == String.class && !field.getName().endsWith("_DEFAULT")) {
                try {
                    keys.add(keyPrefix + field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
