package io.unosynth.runtime.staging;

import io.unosynth.core.config.ModelsConfig;
import io.unosynth.runtime.demo.DemoModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves {@code demo:<directory>} locations from the built-in demo bundle, which it writes once per JVM from a fixed
 * seed (deterministic bytes, no network). The stager then copies a model into the node's cache like any remote
 * model, so every node of a cluster gets identical demo models without shipping files.
 */
final class DemoModelFiles implements RemoteFiles {
    static final long DEMO_SEED = 1;
    private static final String PREFIX = ModelsConfig.DEMO_SCHEME + ":";
    private static final String INTERNAL = ModelsConfig.DEMO_SCHEME + "://bundle/";

    private LocalDirectoryFiles bundle;

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        return bundle().list(internal(location));
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        return bundle().open(internal(fileLocation));
    }

    @Override
    public long size(String fileLocation) throws IOException {
        return bundle().size(internal(fileLocation));
    }

    private static String internal(String location) {
        return location.startsWith(INTERNAL) ? location : INTERNAL + location.substring(PREFIX.length());
    }

    private synchronized LocalDirectoryFiles bundle() {
        if (bundle == null) {
            try {
                Path root = Files.createTempDirectory("unosynth-demo-models");
                DemoModels.write(root.resolve("bundle"), DEMO_SEED);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "unosynth-demo-cleanup"));
                bundle = new LocalDirectoryFiles(root);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the demo models", e);
            }
        }
        return bundle;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind at exit is harmless.
        }
    }
}
