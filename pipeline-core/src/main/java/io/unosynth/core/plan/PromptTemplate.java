package io.unosynth.core.plan;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A prompt with {@code {subject}} and {@code {scene}} placeholders. The built-in one is the Diptych Prompting shape:
 * "A diptych with two side-by-side images of same {subject}. On the left, ... On the right, replicate this
 * {subject} exactly but as {scene}".
 */
public record PromptTemplate(String text) implements Serializable {
    public static final String SUBJECT = "{subject}";
    public static final String SCENE = "{scene}";
    static final String DIPTYCH_RESOURCE = "diptych-template.txt";
    static final String SINGLE_IMAGE_RESOURCE = "single-image-template.txt";
    private static final Pattern LEADING_ARTICLE = Pattern.compile("^(?i)(a|an|the)\\s+");

    public PromptTemplate {
        requireNonNull(text, "text is null");
        ValidationException.check(text.contains(SUBJECT) && text.contains(SCENE), PipelineErrorCode.INVALID_CONFIG,
                "Invalid prompt template: it must contain %s and %s, found '%s'", SUBJECT, SCENE, text);
    }

    public static PromptTemplate diptych() {
        return resource(DIPTYCH_RESOURCE);
    }

    /** The plain single-image template of the subject-to-image path: references show the subject. */
    public static PromptTemplate singleImage() {
        return resource(SINGLE_IMAGE_RESOURCE);
    }

    private static PromptTemplate resource(String name) {
        try (InputStream in = PromptTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return new PromptTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template in {@code file}, or the built-in diptych template when {@code file} is empty. */
    public static PromptTemplate load(String file) {
        if (file.isEmpty()) {
            return diptych();
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read prompt template file " + file + ": " + e);
        }
        // Checked here as well as in the constructor so that the message names the file.
        ValidationException.check(text.contains(SUBJECT) && text.contains(SCENE), PipelineErrorCode.INVALID_CONFIG,
                "Invalid prompt template file %s: it must contain %s and %s", file, SUBJECT, SCENE);
        return new PromptTemplate(text);
    }

    /**
     * Fills the placeholders. A leading article of the subject is dropped, because templates say "this {subject}"
     * and "same {subject}" (LLMs write "a red mug").
     */
    public String render(String subject, String scene) {
        return text.replace(SUBJECT, LEADING_ARTICLE.matcher(subject).replaceFirst("")).replace(SCENE, scene);
    }
}
