package io.unosynth.jobs.report;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The run's effective settings as flat {@code section.setting = value} lines for the report, read off the bound
 * config records (so nothing a record holds is forgotten): {@code select.min-final-score = 3.5}. The records hold no
 * secrets (API keys are named by variable or file and read at the moment of use); pass-through {@code spark.*}
 * properties might (an S3 secret key), so their values are shown only when the key does not look like one.
 */
final class ConfigSettings {
    static final String REDACTED = "(redacted)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|token|credential|\\.key$).*");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    /** Record components that are not settings of their own. */
    private static final Set<String> SKIPPED = Set.of("prefix");

    private ConfigSettings() {}

    static Map<String, String> of(UnosynthConfig config) {
        Map<String, String> settings = new TreeMap<>();
        for (RecordComponent section : UnosynthConfig.class.getRecordComponents()) {
            if (section.getName().equals("sparkProperties")) {
                continue;
            }
            flatten(kebab(section.getName()), read(section, config), settings);
        }
        config.sparkProperties().forEach((key, value) ->
                settings.put(key, SECRET_KEY.matcher(key).matches() ? REDACTED : value));
        return settings;
    }

    private static void flatten(String key, Object value, Map<String, String> settings) {
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (!SKIPPED.contains(component.getName())) {
                    flatten(key + "." + kebab(component.getName()), read(component, record), settings);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((name, entry) -> flatten(key + "." + name, entry, settings));
        } else {
            settings.put(key, String.valueOf(value));
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new PipelineException(PipelineErrorCode.INTERNAL,
                    "Cannot read setting " + component.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }

    private static String kebab(String camel) {
        return CAMEL.matcher(camel).replaceAll("-").toLowerCase(Locale.ROOT);
    }
}
