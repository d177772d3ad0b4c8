package io.unosynth.core.config;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw settings of one run, later entries winning, with typed accessors. Every accessor records the
 * key as known; {@link #checkAllConsumed()} then rejects keys nobody asked for (typos), naming key and origin.
 * Only the config records call this class: strings stop here.
 */
public final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Map<String, ConfigEntry> entries = new LinkedHashMap<>();
    private final Set<String> knownKeys = new TreeSet<>();
    private final Set<String> knownPrefixes = new TreeSet<>();
    /** Every key a record read, with the value it got, written as a config file would write it. */
    private final Map<String, String> effective = new TreeMap<>();

    public ConfigValues(Collection<ConfigEntry> layered) {
        for (ConfigEntry entry : layered) {
            entries.put(entry.key(), entry);
        }
    }

    public static ConfigValues of(Map<String, String> values) {
        List<ConfigEntry> list = new ArrayList<>();
        values.forEach((k, v) -> list.add(new ConfigEntry(k, v, "--set")));
        return new ConfigValues(list);
    }

    public String string(String key, String defaultValue) {
        return used(key, defaultValue, raw(key).map(ConfigEntry::value).orElse(defaultValue));
    }

    public Optional<String> optionalString(String key) {
        Optional<String> value = raw(key).map(ConfigEntry::value).filter(v -> !v.isEmpty());
        used(key, "", value.orElse(""));
        return value;
    }

    public int intAtLeast(String key, int defaultValue, int min) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(String.valueOf(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(entry.get().value());
        } catch (NumberFormatException e) {
            throw invalid(entry.get(), "expected an integer");
        }
        if (value < min) {
            throw invalid(entry.get(), "expected an integer >= " + min);
        }
        return value;
    }

    public long longValue(String key, long defaultValue) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(String.valueOf(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(entry.get().value());
        } catch (NumberFormatException e) {
            throw invalid(entry.get(), "expected a 64-bit integer");
        }
    }

    public double doubleIn(String key, double defaultValue, double min, double max) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(String.valueOf(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(entry.get().value());
        } catch (NumberFormatException e) {
            throw invalid(entry.get(), "expected a number");
        }
        if (!(value >= min && value <= max)) {
            throw invalid(entry.get(), "expected a number in [" + min + ", " + max + "]");
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(String.valueOf(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        return switch (entry.get().value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(entry.get(), "expected true or false");
        };
    }

    /** A positive duration such as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
    public Duration duration(String key, Duration defaultValue) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(render(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(entry.get().value().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(entry.get(), "expected a duration such as 500ms, 30s, 5m or 1h");
        }
        Duration value;
        try {
            long amount = Long.parseLong(m.group(1));
            value = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw new IllegalStateException("unreachable unit " + m.group(2));
            };
        } catch (NumberFormatException | ArithmeticException e) {
            // Digits beyond a long, or hours beyond Duration's range: still the user's value, not a bug.
            throw invalid(entry.get(), "expected a duration such as 500ms, 30s, 5m or 1h");
        }
        if (value.isZero()) {
            throw invalid(entry.get(), "expected a positive duration");
        }
        return value;
    }

    /** A comma-separated list; blanks around items are dropped, as are empty items. */
    public List<String> list(String key, List<String> defaultValue) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(String.join(",", defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        return Arrays.stream(entry.get().value().split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<ConfigEntry> entry = raw(key);
        effective.put(key, entry.map(ConfigEntry::value).orElse(render(defaultValue)));
        if (entry.isEmpty()) {
            return defaultValue;
        }
        String name = entry.get().value().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        throw invalid(entry.get(), "expected one of " + allowed);
    }

    /** All entries under {@code prefix} (e.g. {@code spark.}), passed through verbatim and sorted by key. */
    public Map<String, String> withPrefix(String prefix) {
        knownPrefixes.add(prefix);
        Map<String, String> result = new TreeMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix)) {
                result.put(k, e.value());
            }
        });
        effective.putAll(result);
        return result;
    }

    /**
     * The settings of the bound config, every key any record read, each with its value as given or its default,
     * written in the syntax the files and {@code --set} accept ({@code 30s}, {@code template}, {@code 1,5,Person}):
     * a file of these lines, read back, binds to the same config.
     */
    public Map<String, String> effective() {
        return new TreeMap<>(effective);
    }

    /** A duration in the largest unit that keeps it whole, as {@link #duration} reads it. */
    static String render(Duration value) {
        if (value == null) {
            return "";
        }
        long millis = value.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static String render(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String used(String key, String defaultValue, String value) {
        effective.put(key, raw(key).map(ConfigEntry::value).orElse(defaultValue));
        return value;
    }

    /**
     * The keys present under {@code prefix}, sorted, without marking them known: a record that discovers names
     * from keys (e.g. {@code models.<name>.location}) still reads each key through a typed accessor, so keys
     * nobody reads stay unknown and fail {@link #checkAllConsumed()}.
     */
    public Set<String> keysUnder(String prefix) {
        Set<String> result = new TreeSet<>();
        for (String key : entries.keySet()) {
            if (key.startsWith(prefix)) {
                result.add(key);
            }
        }
        return result;
    }

    /** Throws for the first key no config record asked for, naming its origin and the nearest known key. */
    public void checkAllConsumed() {
        for (ConfigEntry entry : entries.values()) {
            String key = entry.key();
            if (knownKeys.contains(key) || knownPrefixes.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String nearest = knownKeys.stream()
                    .min(Comparator.comparingInt(k -> editDistance(k, key)))
                    .filter(k -> editDistance(k, key) <= Math.max(3, key.length() / 4))
                    .map(k -> "; did you mean '" + k + "'?")
                    .orElse("");
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Unknown config key '" + key + "' (" + entry.origin() + ")" + nearest);
        }
    }

    /** Builds the error for a bad value: it names the key, its origin, the rule and the value found. */
    public ValidationException invalid(String key, String rule) {
        ConfigEntry entry = raw(key).orElse(new ConfigEntry(key, "", "default"));
        return invalid(entry, rule);
    }

    private static ValidationException invalid(ConfigEntry entry, String rule) {
        return new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                "Invalid config key '" + entry.key() + "' (" + entry.origin() + "): " + rule
                        + ", found '" + entry.value() + "'");
    }

    private Optional<ConfigEntry> raw(String key) {
        knownKeys.add(key);
        return Optional.ofNullable(entries.get(key));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
