package io.unosynth.runtime.staging;

import static java.util.Objects.requireNonNull;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link RemoteFiles} over a local directory standing in for a remote store: {@code scheme://authority/path}
 * resolves to {@code root/authority/path}, so {@code s3a://bucket/models/x.onnx} is {@code root/bucket/models/x.onnx}.
 */
public final class LocalDirectoryFiles implements RemoteFiles {
    private final Path root;

    public LocalDirectoryFiles(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        Path path = resolve(location);
        if (Files.isRegularFile(path)) {
            return List.of(new RemoteFile(location, path.getFileName().toString()));
        }
        if (!Files.isDirectory(path)) {
            throw new FileNotFoundException("No file or directory at " + location + " (" + path + ")");
        }
        String base = location.endsWith("/") ? location : location + "/";
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> path.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .map(relative -> new RemoteFile(base + relative, relative))
                    .toList();
        }
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        return Files.newInputStream(resolve(fileLocation));
    }

    @Override
    public long size(String fileLocation) throws IOException {
        return Files.size(resolve(fileLocation));
    }

    private Path resolve(String location) {
        URI uri = URI.create(location);
        String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        String path = uri.getPath() == null ? "" : uri.getPath();
        return root.resolve(authority).resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
