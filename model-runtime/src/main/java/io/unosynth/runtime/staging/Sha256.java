package io.unosynth.runtime.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checksums {@code models.<name>.checksum} is compared with: the SHA-256 of a model file, and for a directory
 * the SHA-256 of its listing in {@code sha256sum} format ({@code <hex>  <relative path>\n} per file, sorted by path),
 * which a user computes with
 * {@code cd DIR && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs sha256sum | sha256sum}.
 */
public final class Sha256 {
    private Sha256() {}

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The checksum of a listing: relative path to file SHA-256, iterated in sorted order by the caller's map. */
    public static String ofListing(Map<String, String> sortedFileDigests) {
        MessageDigest digest = newDigest();
        sortedFileDigests.forEach((path, fileDigest) ->
                digest.update((fileDigest + "  " + path + "\n").getBytes(StandardCharsets.UTF_8)));
        return hex(digest);
    }

    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    /** The checksum of a local file or directory, as defined in the class comment. */
    public static String ofPath(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return ofFile(path);
        }
        Map<String, String> digests = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                digests.put(path.relativize(file).toString().replace('\\', '/'), ofFile(file));
            }
        }
        return ofListing(digests);
    }
}
