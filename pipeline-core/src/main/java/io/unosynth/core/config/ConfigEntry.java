package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

/**
 * One key and its raw value, with where it came from ("conf/x.properties:12", "--set", ...)
 * so that every error can name the file and line of the bad setting.
 */
public record ConfigEntry(String key, String value, String origin) {
    public ConfigEntry {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(origin, "origin is null");
    }
}
