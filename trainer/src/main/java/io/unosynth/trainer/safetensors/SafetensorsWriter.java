package io.unosynth.trainer.safetensors;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unosynth.core.error.Preconditions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file: tensors in the order added, header padded with spaces to a multiple of 8 so
 * the data is aligned, as the reference implementation does. Byte-identical output for identical input.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String name, TensorDtype dtype, long[] shape, float[] values) {}

    private final List<Pending> tensors = new ArrayList<>();
    private final Map<String, String> metadata;

    public SafetensorsWriter(Map<String, String> metadata) {
        this.metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
    }

    public SafetensorsWriter add(String name, TensorDtype dtype, long[] shape, float[] values) {
        long elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Preconditions.checkArgument(elements == values.length, "Invalid tensor '%s': %s values for shape %s", name,
                values.length, Arrays.toString(shape));
        Preconditions.checkArgument(tensors.stream().noneMatch(t -> t.name().equals(name)),
                "Invalid tensor '%s': added twice", name);
        tensors.add(new Pending(name, dtype, shape.clone(), values));
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> meta.put(e.getKey(), e.getValue()));
        }
        long offset = 0;
        for (Pending tensor : tensors) {
            long length = (long) tensor.values().length * tensor.dtype().bytes();
            ObjectNode node = header.putObject(tensor.name());
            node.put("dtype", tensor.dtype().name());
            var shape = node.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            node.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        out.write(prefix.array());
        for (Pending tensor : tensors) {
            ByteBuffer data = ByteBuffer.allocate(tensor.values().length * tensor.dtype().bytes())
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensor.dtype().encode(tensor.values(), data);
            out.write(data.array());
        }
    }
}
