package io.unosynth.trainer.safetensors;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file, read lazily: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. Each tensor is memory-mapped on its own when read, so
 * files far over 2 GB (FLUX.1-dev is 23 GB) work while only one tensor is ever copied onto the heap.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    /** Where one tensor lives in the file; offsets relative to the end of the header. */
    public record TensorEntry(String name, TensorDtype dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long dim : shape) {
                n *= dim;
            }
            return n;
        }
    }

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> entries,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) throws IOException {
        requireNonNull(path, "path is null");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return parse(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw invalid(path, "shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
            throw invalid(path, "header length " + headerLength + " does not fit a file of " + size + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        channel.read(headerBytes, 8);
        JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        long dataStart = 8 + headerLength;
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(field.getKey(), entry(path, field.getKey(), field.getValue(), size - dataStart));
        }
        return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static TensorEntry entry(Path path, String name, JsonNode node, long dataBytes) {
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw invalid(path, "tensor '" + name + "' lacks a shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        TensorDtype dtype = TensorDtype.fromName(node.path("dtype").asText(), name);
        TensorEntry entry = new TensorEntry(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
        long length = entry.end() - entry.begin();
        if (entry.begin() < 0 || entry.end() > dataBytes || length != entry.elements() * dtype.bytes()) {
            throw invalid(path, "tensor '" + name + "' has byte range [" + entry.begin() + ", " + entry.end()
                    + ") for " + entry.elements() + " " + dtype + " values in " + dataBytes + " data bytes");
        }
        return entry;
    }

    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorEntry entry(String name) {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw invalidInput("Cannot read tensor '%s': not in %s", name, path);
        }
        return entry;
    }

    /** One tensor's values widened to float32 (bf16 and fp16 are exact in float32). */
    public float[] readFloats(String name) throws IOException {
        TensorEntry entry = entry(name);
        if (entry.elements() > Integer.MAX_VALUE) {
            throw invalidInput("Cannot read tensor '%s' of %s: %d values do not fit one Java array",
                    name, path, entry.elements());
        }
        ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(),
                entry.end() - entry.begin()).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) entry.elements()];
        entry.dtype().decode(bytes, values);
        return values;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static ValidationException invalid(Path path, String reason) {
        return invalidInput("Invalid safetensors file %s: %s", path, reason);
    }

    static ValidationException invalidInput(String format, Object... args) {
        return new ValidationException(PipelineErrorCode.INVALID_INPUT, String.format(format, args));
    }
}
