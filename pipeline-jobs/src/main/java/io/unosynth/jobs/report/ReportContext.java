package io.unosynth.jobs.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report knows about the invocation that writes it, beyond the stages' outputs.
 *
 * @param generatedAt when the report is written
 * @param commandLine the command, as typed; empty when the report is written from code
 * @param settings the effective config in config-file syntax ({@link
 *     io.unosynth.core.config.UnosynthConfig#effectiveSettings})
 * @param wallMillis per stage run by this invocation, its wall time
 */
public record ReportContext(Instant generatedAt, String commandLine, Map<String, String> settings,
        Map<String, Long> wallMillis) {
    public ReportContext {
        requireNonNull(generatedAt, "generatedAt is null");
        requireNonNull(commandLine, "commandLine is null");
        settings = new TreeMap<>(settings);
        wallMillis = new TreeMap<>(wallMillis);
    }

    /** A report written now (to the second) from code, with the run's effective settings. */
    public static ReportContext of(Map<String, String> settings) {
        return new ReportContext(Instant.now().truncatedTo(ChronoUnit.SECONDS), "", settings, Map.of());
    }
}
