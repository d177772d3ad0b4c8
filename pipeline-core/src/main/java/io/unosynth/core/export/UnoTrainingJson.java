package io.unosynth.core.export;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * UNO's training JSON: a list of {@code {"prompt", "image_paths": [reference, ...], "image_tgt_path"}} with paths
 * relative to the JSON file, which sits in the export folder beside {@code images/} ({@link ExportLayout}).
 * The prompt is the target's caption. Entries are small, so the driver can collect them; images are written by
 * {@link ExportImages}, wherever the pairs are.
 */
public final class UnoTrainingJson {
    public static final String FILE_NAME = "uno_train.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnoTrainingJson() {}

    /** One training example, keyed by pair id (not written; it guards against writing a pair twice). */
    public record Entry(String pairId, String prompt, List<String> imagePaths, String imageTargetPath)
            implements Serializable {
        public Entry {
            requireNonNull(pairId, "pairId is null");
            requireNonNull(prompt, "prompt is null");
            imagePaths = List.copyOf(imagePaths);
            requireNonNull(imageTargetPath, "imageTargetPath is null");
        }
    }

    public static Entry entry(ExportPair pair) {
        return new Entry(pair.pairId(), pair.targetCaption(), List.of(pair.referencePath()), pair.targetPath());
    }

    /**
     * Writes the JSON array, streaming; leaves {@code out} open.
     *
     * @throws ValidationException if a pair id comes twice (every selected pair must appear exactly once)
     */
    public static void write(Iterable<Entry> entries, OutputStream out) throws IOException {
        Set<String> seen = new HashSet<>();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            for (Entry entry : entries) {
                ValidationException.check(seen.add(entry.pairId()), PipelineErrorCode.INVALID_INPUT,
                        "Cannot export pair %s twice to %s", entry.pairId(), FILE_NAME);
                json.writeStartObject();
                json.writeStringField("prompt", entry.prompt());
                json.writeArrayFieldStart("image_paths");
                for (String path : entry.imagePaths()) {
                    json.writeString(path);
                }
                json.writeEndArray();
                json.writeStringField("image_tgt_path", entry.imageTargetPath());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }
}
