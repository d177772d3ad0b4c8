package io.unosynth.core.expand;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.export.UnoTrainingJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expand stage's training files, paths relative to the stage folder: UNO's training JSON once per reference
 * count ({@code uno_train_n<N>.json}; UNO's loader needs one count per batch), and a UNO-1M-like JSON lines table
 * ({@code uno_1m_multi.jsonl}: {@code {"set_id", "source_pair_id", "n", "img_paths": [..], "img_tgt_path",
 * "caption": {"prompt", "subject": [the pair's subject, then the extra labels]}}}). Entries in the order given.
 */
public final class MultiSubjectExport {
    public static final String TABLE_FILE = "uno_1m_multi.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MultiSubjectExport() {}

    /** What the files need of a set (no images): small, so the driver can collect them. */
    public record Entry(String setId, String sourcePairId, int n, String prompt, List<String> subjects)
            implements Serializable {
        public Entry {
            requireNonNull(setId, "setId is null");
            requireNonNull(sourcePairId, "sourcePairId is null");
            requireNonNull(prompt, "prompt is null");
            subjects = List.copyOf(subjects);
        }

        public static Entry of(ExpandSet set) {
            List<String> subjects = new ArrayList<>();
            subjects.add(set.subject());
            subjects.addAll(set.labels());
            return new Entry(set.setId(), set.sourcePairId(), set.n(), set.prompt(), subjects);
        }

        List<String> referencePaths() {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                paths.add(ExpandSet.referencePath(setId, i));
            }
            return paths;
        }
    }

    public static String trainingFileName(int n) {
        return "uno_train_n" + n + ".json";
    }

    /** The training JSON of each reference count present, by file name. */
    public static Map<String, byte[]> trainingFiles(List<Entry> entries) {
        Map<Integer, List<UnoTrainingJson.Entry>> byCount = new TreeMap<>();
        for (Entry entry : entries) {
            byCount.computeIfAbsent(entry.n(), n -> new ArrayList<>()).add(new UnoTrainingJson.Entry(entry.setId(),
                    entry.prompt(), entry.referencePaths(), ExpandSet.targetPath(entry.setId())));
        }
        Map<String, byte[]> files = new TreeMap<>();
        byCount.forEach((n, list) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                UnoTrainingJson.write(list, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(trainingFileName(n), out.toByteArray());
        });
        return files;
    }

    public static void writeTable(Iterable<Entry> entries, OutputStream out) throws IOException {
        for (Entry entry : entries) {
            try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.writeStartObject();
                json.writeStringField("set_id", entry.setId());
                json.writeStringField("source_pair_id", entry.sourcePairId());
                json.writeNumberField("n", entry.n());
                json.writeArrayFieldStart("img_paths");
                for (String path : entry.referencePaths()) {
                    json.writeString(path);
                }
                json.writeEndArray();
                json.writeStringField("img_tgt_path", ExpandSet.targetPath(entry.setId()));
                json.writeObjectFieldStart("caption");
                json.writeStringField("prompt", entry.prompt());
                json.writeArrayFieldStart("subject");
                for (String subject : entry.subjects()) {
                    json.writeString(subject);
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
            out.write('\n');
        }
    }
}
