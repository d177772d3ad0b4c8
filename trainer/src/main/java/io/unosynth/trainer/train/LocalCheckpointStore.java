package io.unosynth.trainer.train;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A {@link CheckpointStore} on a local directory. */
public final class LocalCheckpointStore implements CheckpointStore {
    private final Path root;

    public LocalCheckpointStore(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.newOutputStream(file);
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(root.resolve(path));
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    public List<String> list(String directory) throws IOException {
        Path dir = root.resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(child -> child.getFileName().toString()).sorted().toList();
        }
    }
}
