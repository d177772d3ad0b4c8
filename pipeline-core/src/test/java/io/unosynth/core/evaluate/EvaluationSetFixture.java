package io.unosynth.core.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed miniature evaluation set (cat and mug, two 64 px photos each, two prompts each and one cat+mug
 * prompt), copied out of the test resources so it works whether they are a directory or a test jar.
 */
public final class EvaluationSetFixture {
    private static final String ROOT = "/io/unosynth/core/fixtures/evaluation-set/";
    private static final List<String> FILES = List.of(EvaluationSet.PROMPTS_FILE, "cat/00.png", "cat/01.png",
            "mug/00.png", "mug/01.png");

    private EvaluationSetFixture() {}

    /** Writes the set under {@code directory} and returns {@code directory}. */
    public static Path copyTo(Path directory) {
        try {
            for (String file : FILES) {
                Path target = directory.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = EvaluationSetFixture.class.getResourceAsStream(ROOT + file)) {
                    if (in == null) {
                        throw new IllegalStateException("No evaluation set fixture " + ROOT + file);
                    }
                    Files.copy(in, target);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
