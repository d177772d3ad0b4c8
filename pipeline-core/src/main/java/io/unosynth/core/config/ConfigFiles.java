package io.unosynth.core.config;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads configuration files: one {@code key = value} a line, {@code #} comments, blank lines ignored.
 * Deliberately simpler than {@link java.util.Properties} (no escapes, no continuation lines) so that
 * Windows paths and URIs are taken literally and every entry keeps its line number.
 */
public final class ConfigFiles {
    private ConfigFiles() {}

    public static List<ConfigEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read config file " + file + ": no such file");
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read config file " + file + ": " + e.getMessage());
        }
        List<ConfigEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = (i == 0 ? withoutByteOrderMark(lines.get(i)) : lines.get(i)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                        "Invalid line in " + origin + ": expected 'key = value', found '" + line + "'");
            }
            entries.add(new ConfigEntry(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), origin));
        }
        return entries;
    }

    /**
     * The first line of a file without the U+FEFF some Windows editors put at the start of UTF-8 files (Java keeps
     * it, and it would become an invisible part of the first key).
     */
    public static String withoutByteOrderMark(String firstLine) {
        return firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
    }

    /** Parses a {@code key=value} command-line override. */
    public static ConfigEntry override(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Invalid --set '" + assignment + "': expected key=value");
        }
        return new ConfigEntry(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip(), "--set");
    }
}
