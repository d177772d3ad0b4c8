package io.unosynth.core.expand;

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

/**
 * The subject-to-image prompt of a regenerated reference: a template with {@code {subject}} (the detected label),
 * by default the built-in {@code object-alone-template.txt} (the object alone on a plain background, as UNO's
 * references look); {@code expand.prompt-template-file} replaces it (conf/prompts holds alternatives).
 */
public record ObjectPrompt(String text) implements Serializable {
    public static final String SUBJECT = "{subject}";
    static final String RESOURCE = "object-alone-template.txt";

    public ObjectPrompt {
        requireNonNull(text, "text is null");
        ValidationException.check(text.contains(SUBJECT), PipelineErrorCode.INVALID_CONFIG,
                "Invalid object prompt template: it must contain %s, found '%s'", SUBJECT, text);
    }

    /** The template in {@code file}, or the built-in one when {@code file} is empty. */
    public static ObjectPrompt load(String file) {
        if (file.isEmpty()) {
            try (InputStream in = ObjectPrompt.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing resource " + RESOURCE);
                }
                return new ObjectPrompt(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read object prompt template file " + file + ": " + e);
        }
        ValidationException.check(text.contains(SUBJECT), PipelineErrorCode.INVALID_CONFIG,
                "Invalid object prompt template file %s: it must contain %s", file, SUBJECT);
        return new ObjectPrompt(text);
    }

    public String render(String label) {
        return text.replace(SUBJECT, label);
    }
}
