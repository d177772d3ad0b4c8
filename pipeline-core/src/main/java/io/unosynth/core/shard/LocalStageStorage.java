package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** {@link StageStorage} on a local directory through java.nio; rename is atomic (same file system). */
public final class LocalStageStorage implements StageStorage {
    private final Path root;

    public LocalStageStorage(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public List<String> list(String directory) throws IOException {
        Path dir = root.resolve(directory);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                if (Files.isRegularFile(path)) {
                    names.add(path.getFileName().toString());
                }
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(root.resolve(path));
    }

    @Override
    public ShardOutput create(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        return ShardOutput.of(out, () -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Aborting: a leftover staging file is invisible to readers and replaced by the next attempt.
            }
        });
    }

    @Override
    public boolean atomicRename() {
        return true;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path target = root.resolve(to);
        Files.createDirectories(target.getParent());
        Files.move(root.resolve(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(String path) throws IOException {
        Path target = root.resolve(path);
        if (!Files.exists(target)) {
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private static void deleteIfExists(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException ignored) {
            // Raced with another deleter: the goal is reached.
        }
    }
}
