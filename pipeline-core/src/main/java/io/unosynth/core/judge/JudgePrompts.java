package io.unosynth.core.judge;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.build.ContentHash;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The judge's prompts, as data: a system message and one user message per turn of UNO's chain of thought
 * (1: break the subject into parts, 2: describe the differences part by part, 3: score as JSON). Turn texts may use
 * {@value #SUBJECT}, {@value #SCENE} and {@value #CATEGORY}. The {@link #version()} is a hash of all four texts,
 * so editing any prompt invalidates cached verdicts.
 */
public record JudgePrompts(String system, String parts, String differences, String scores) implements Serializable {
    public static final String SUBJECT = "{subject}";
    public static final String SCENE = "{scene}";
    public static final String CATEGORY = "{category}";
    public static final String SYSTEM_FILE = "system.txt";
    public static final String PARTS_FILE = "turn1-parts.txt";
    public static final String DIFFERENCES_FILE = "turn2-differences.txt";
    public static final String SCORES_FILE = "turn3-scores.txt";
    public static final List<String> FILES = List.of(SYSTEM_FILE, PARTS_FILE, DIFFERENCES_FILE, SCORES_FILE);
    private static final String RESOURCE_DIR = "prompts/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(subject|scene|category)}");

    public JudgePrompts {
        requireNonNull(system, "system is null");
        requireNonNull(parts, "parts is null");
        requireNonNull(differences, "differences is null");
        requireNonNull(scores, "scores is null");
        ValidationException.check(!parts.isBlank() && !differences.isBlank() && !scores.isBlank(),
                PipelineErrorCode.INVALID_CONFIG, "Invalid judge prompts: the three turn prompts must not be blank");
    }

    /** The prompts shipped in this jar. */
    public static JudgePrompts builtIn() {
        return new JudgePrompts(resource(SYSTEM_FILE), resource(PARTS_FILE), resource(DIFFERENCES_FILE),
                resource(SCORES_FILE));
    }

    /** Prompts from {@code directory}, which must hold every file of {@link #FILES}; empty = {@link #builtIn()}. */
    public static JudgePrompts load(String directory) {
        if (directory.isEmpty()) {
            return builtIn();
        }
        Path dir = Path.of(directory);
        return new JudgePrompts(file(dir, SYSTEM_FILE), file(dir, PARTS_FILE), file(dir, DIFFERENCES_FILE),
                file(dir, SCORES_FILE));
    }

    /** 16 hex digits identifying these texts; part of the judge cache key. */
    public String version() {
        return ContentHash.of("judge-prompts", system, parts, differences, scores);
    }

    public String renderParts(String category, String subject, String scene) {
        return render(parts, category, subject, scene);
    }

    public String renderDifferences(String category, String subject, String scene) {
        return render(differences, category, subject, scene);
    }

    public String renderScores(String category, String subject, String scene) {
        return render(scores, category, subject, scene);
    }

    private static String render(String text, String category, String subject, String scene) {
        // One pass over the template: a subject that happens to contain "{scene}" is left as typed.
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(switch (m.group(1)) {
            case "subject" -> subject;
            case "scene" -> scene;
            default -> category;
        }));
    }

    private static String resource(String name) {
        try (InputStream in = JudgePrompts.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String file(Path dir, String name) {
        Path path = dir.resolve(name);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot read judge prompt " + path
                    + ": no such file (judge.prompt-dir must hold " + FILES + ")");
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read judge prompt " + path + ": " + e.getMessage());
        }
    }
}
