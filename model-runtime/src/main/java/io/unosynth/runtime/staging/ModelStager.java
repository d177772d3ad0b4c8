package io.unosynth.runtime.staging;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a model available on local disk. Local paths and {@code file:} URIs are used in place. A remote model is
 * copied once per node into the cache directory: under a file lock (so concurrent tasks and executor JVMs copy it
 * once), into a temporary directory that is renamed into place only after every file arrived complete and the
 * checksum (when configured) matched, so a reader never sees a partial model. Later calls reuse the published copy.
 */
public final class ModelStager {
    static final String MARKER = ".unosynth-staged";
    private static final String MARKER_LOCATION = "location";
    private static final String MARKER_SHA256 = "sha256";

    private final Path cacheDir;
    private final RemoteFiles remote;
    /** Threads of this JVM wait here: a JVM may hold a file lock only once, the OS lock serialises other JVMs. */
    private final Map<String, Object> localLocks = new ConcurrentHashMap<>();

    public ModelStager(Path cacheDir, RemoteFiles remote) {
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null");
        this.remote = requireNonNull(remote, "remote is null");
    }

    /**
     * The local path of {@code spec}'s model: the location itself when it is local, else the staged copy (the
     * model file, or the directory for a directory location).
     */
    public Path stage(ModelSpec spec) {
        return stage(spec.name(), spec.location(), spec.checksum());
    }

    public Path stage(String modelName, String location, String checksum) {
        if (ModelSpec.remoteScheme(location).isEmpty()) {
            Path local = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            if (!Files.exists(local)) {
                throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                        "Cannot load model '" + modelName + "': no file or directory at " + local.toAbsolutePath());
            }
            return local;
        }
        String entryName = entryName(location);
        try {
            Files.createDirectories(cacheDir);
            synchronized (localLocks.computeIfAbsent(entryName, k -> new Object())) {
                try (FileChannel channel = FileChannel.open(cacheDir.resolve(entryName + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = lockAcrossJvms(channel);
                    try {
                        return stageLocked(modelName, location, checksum, entryName);
                    } finally {
                        lock.release();
                    }
                }
            }
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot stage model '" + modelName
                    + "' from " + location + " into " + cacheDir + ": " + e, e);
        }
    }

    private Path stageLocked(String modelName, String location, String checksum, String entryName)
            throws IOException {
        Path published = cacheDir.resolve(entryName);
        Properties marker = readMarker(published);
        if (marker != null && location.equals(marker.getProperty(MARKER_LOCATION))
                && (checksum.isEmpty() || checksum.equals(marker.getProperty(MARKER_SHA256)))) {
            return modelPath(published, marker);
        }
        deleteLeftovers(entryName);
        if (Files.exists(published)) {
            deleteRecursively(published); // unpublished, stale, or staged for another checksum
        }
        List<RemoteFile> files = remote.list(location);
        if (files.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot stage model '" + modelName + "': no files at " + location);
        }
        Path temp = cacheDir.resolve(entryName + ".tmp-" + UUID.randomUUID());
        try {
            Map<String, String> digests = new TreeMap<>();
            for (RemoteFile file : files) {
                digests.put(file.relativePath(), copy(modelName, file, temp.resolve(file.relativePath())));
            }
            boolean singleFile = files.size() == 1 && files.get(0).location().equals(location);
            String actual = singleFile ? digests.values().iterator().next() : Sha256.ofListing(digests);
            if (!checksum.isEmpty() && !checksum.equals(actual)) {
                throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot stage model '" + modelName
                        + "' from " + location + ": checksum mismatch, expected sha256 " + checksum + " (models."
                        + modelName + ".checksum), found " + actual);
            }
            Properties written = new Properties();
            written.setProperty(MARKER_LOCATION, location);
            written.setProperty(MARKER_SHA256, actual);
            if (singleFile) {
                written.setProperty("file", files.get(0).relativePath());
            }
            try (OutputStream out = Files.newOutputStream(temp.resolve(MARKER))) {
                written.store(out, "staged by unosynth; delete the directory to stage again");
            }
            Files.move(temp, published, StandardCopyOption.ATOMIC_MOVE);
            return modelPath(published, written);
        } finally {
            if (Files.exists(temp)) {
                deleteRecursively(temp);
            }
        }
    }

    /** Copies one file, checking its length against the store's, and returns its SHA-256. */
    private String copy(String modelName, RemoteFile file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        MessageDigest digest = Sha256.newDigest();
        long copied;
        try (InputStream in = new DigestInputStream(remote.open(file.location()), digest)) {
            copied = Files.copy(in, target);
        }
        long expected = remote.size(file.location());
        if (copied != expected) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot stage model '" + modelName
                    + "': copied " + copied + " bytes of " + file.location() + ", the store says " + expected);
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true); // the rename publishes the file; its bytes must be on disk first
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Path modelPath(Path published, Properties marker) {
        String file = marker.getProperty("file");
        return file == null ? published : published.resolve(file);
    }

    private static Properties readMarker(Path published) throws IOException {
        Path marker = published.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            properties.load(in);
        }
        return properties;
    }

    /** Temporary directories of stagers that died mid-copy; safe to delete while holding the lock. */
    private void deleteLeftovers(String entryName) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(cacheDir, entryName + ".tmp-*")) {
            for (Path leftover : leftovers) {
                deleteRecursively(leftover);
            }
        }
    }

    private static FileLock lockAcrossJvms(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // Another stager instance of this JVM holds the lock on its own channel: wait for it.
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for the staging lock", interrupted);
                }
            }
        }
    }

    /** A readable, collision-free directory name: the location's last segment plus a hash of the whole location. */
    static String entryName(String location) {
        String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        MessageDigest digest = Sha256.newDigest();
        digest.update(location.getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        return (last.isEmpty() ? "model" : last) + "-" + hash;
    }

    private static void deleteRecursively(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
