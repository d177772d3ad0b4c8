package io.unosynth.core.evaluate;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An evaluation set in DreamBench's layout: a folder per subject holding its photos, and a prompts table
 * {@value #PROMPTS_FILE} with the header {@code subject<TAB>prompt<TAB>class}; a multi-subject row names its
 * subjects joined by {@value EvaluationPrompt#SUBJECT_SEPARATOR}. Photos are the folder's {@code .png/.jpg/.jpeg}
 * files in name order (the first ones are the model's references). Pure: callers list the folders and read the
 * table.
 *
 * @param photos photo file names per subject, sorted
 */
public record EvaluationSet(Map<String, List<String>> photos, List<EvaluationPrompt> prompts) implements Serializable {
    public static final String PROMPTS_FILE = "prompts.tsv";
    public static final List<String> HEADER = List.of("subject", "prompt", "class");
    private static final Set<String> PHOTO_EXTENSIONS = Set.of("png", "jpg", "jpeg");

    public EvaluationSet {
        Map<String, List<String>> sorted = new TreeMap<>();
        photos.forEach((subject, names) -> sorted.put(subject, names.stream().sorted().toList()));
        photos = java.util.Collections.unmodifiableMap(sorted);
        prompts = List.copyOf(prompts);
        for (EvaluationPrompt prompt : prompts) {
            for (String subject : prompt.subjects()) {
                List<String> names = photos.get(subject);
                if (names == null || names.isEmpty()) {
                    throw invalid("prompt '" + prompt.prompt() + "' names subject '" + subject + "', which has no "
                            + "folder with photos; subjects: " + photos.keySet());
                }
            }
        }
        if (prompts.isEmpty()) {
            throw invalid(PROMPTS_FILE + " has no prompts");
        }
    }

    /** Whether a file in a subject folder is one of its photos. */
    public static boolean isPhoto(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && PHOTO_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Parses {@value #PROMPTS_FILE}; {@code source} names the file in errors. Blank lines are skipped. */
    public static List<EvaluationPrompt> parsePrompts(String text, String source) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !Arrays.asList(lines.get(0).strip().split("\t")).equals(HEADER)) {
            throw invalid(source + ": expected the header line '" + String.join("<TAB>", HEADER) + "'");
        }
        List<EvaluationPrompt> prompts = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != HEADER.size() || fields[0].isBlank() || fields[1].isBlank()) {
                throw invalid(source + " line " + (i + 1) + ": expected 3 tab-separated fields (subject, prompt, "
                        + "class) with a subject and a prompt, got '" + line + "'");
            }
            List<String> subjects = Arrays.stream(fields[0].split("\\" + EvaluationPrompt.SUBJECT_SEPARATOR))
                    .map(String::strip).toList();
            prompts.add(new EvaluationPrompt(subjects, fields[1].strip(), fields[2].strip()));
        }
        return prompts;
    }

    /** The subject keys (one per single- or multi-subject group), sorted: the stage's shards. */
    public List<String> subjectKeys() {
        Set<String> keys = new TreeSet<>();
        prompts.forEach(prompt -> keys.add(prompt.subjectKey()));
        return List.copyOf(keys);
    }

    /** The prompts of one subject key, in table order. */
    public List<EvaluationPrompt> promptsOf(String subjectKey) {
        return prompts.stream().filter(prompt -> prompt.subjectKey().equals(subjectKey)).toList();
    }

    private static ValidationException invalid(String reason) {
        return new ValidationException(PipelineErrorCode.INVALID_INPUT, "Invalid evaluation set: " + reason);
    }
}
