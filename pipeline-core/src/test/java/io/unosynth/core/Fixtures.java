package io.unosynth.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.RowFormat;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.core.taxonomy.Category;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Shared test fixtures of pipeline-core, published in its test-jar: sample categories, a JSON-lines row format,
 * a recording {@link ShardEmitter}, temp-dir storage, config builders and a Java-serialization round trip.
 */
public final class Fixtures {
    /** Category 1 of Objects365: a single-word name. */
    public static final Category PERSON = new Category(1, "Person", List.of());
    /** Category 38: the dataset's own misspelling, a slash and an acronym. */
    public static final Category MONITOR = new Category(38, "Moniter/TV", List.of());
    /** Category 55: two slash-separated alternatives. */
    public static final Category PEN = new Category(55, "Pen/Pencil", List.of());
    /** Category 11 with subcategories, as a subcategories file would add them. */
    public static final Category CUP = new Category(11, "Cup", List.of("espresso cup", "teacup"));

    /** A fixed executor and attempt id, so stats markers are predictable. */
    public static final TaskAttempt ATTEMPT = new TaskAttempt("executor-7", "attempt-1");

    private Fixtures() {}

    /** Stage storage rooted in a test's temporary directory. */
    public static LocalStageStorage storage(Path tempDir) {
        return new LocalStageStorage(tempDir);
    }

    /** Writes {@code lines} (joined by newlines) to {@code dir/name} and returns the file. */
    public static Path writeLines(Path dir, String name, String... lines) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A config from {@code key, value, key, value...}, as if given with {@code --set}. */
    public static ConfigValues configValues(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Invalid keys and values: odd count " + keysAndValues.length);
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ConfigValues.of(map);
    }

    /** The plan config of the defaults with some keys changed, e.g. {@code planConfig("plan.scenes-per-subject", "2")}. */
    public static PlanConfig planConfig(String... keysAndValues) {
        ConfigValues values = configValues(keysAndValues);
        PlanConfig config = PlanConfig.from(values);
        values.checkAllConsumed();
        return config;
    }

    /** Writes {@code value} with Java serialization and reads it back, as Spark does with closures and records. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTripSerialize(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize " + value.getClass().getName(), e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Cannot deserialize " + value.getClass().getName(), e);
        }
    }

    /** Every regular file under {@code dir}, as '/'-separated paths relative to it, sorted; empty if it is absent. */
    public static List<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> JsonLinesFormat<T> jsonLines(Class<T> type) {
        return new JsonLinesFormat<>(type);
    }

    /**
     * A {@link RowFormat} writing one JSON object per line (UTF-8): deterministic, readable in failures, and
     * enough to exercise the shard protocol without Parquet.
     */
    public static final class JsonLinesFormat<T> implements RowFormat<T> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        private final Class<T> type;

        public JsonLinesFormat(Class<T> type) {
            this.type = requireNonNull(type, "type is null");
        }

        @Override
        public String extension() {
            return "jsonl";
        }

        @Override
        public RowWriter<T> open(OutputStream out) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            return new RowWriter<>() {
                @Override
                public void write(T row) throws IOException {
                    writer.write(JSON.writeValueAsString(row));
                    writer.write('\n');
                }

                @Override
                public void close() throws IOException {
                    writer.close();
                }
            };
        }

        public List<T> read(InputStream in) throws IOException {
            List<T> rows = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    rows.add(JSON.readValue(line, type));
                }
            }
            return rows;
        }

        public List<T> read(Path file) throws IOException {
            return read(Files.newInputStream(file));
        }
    }
}
