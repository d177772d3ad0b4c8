package io.unosynth.jobs.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.shard.ShardLayout;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage folder as the tests compare it, on any Hadoop file system (file:, s3a:): the SHA-256 of each data file,
 * and each marker without the fields that say where and how long it ran.
 */
record StageOutputs(Map<String, String> dataDigests, Map<String, Map<String, Object>> markers) {
    /** Marker fields that legitimately differ between runs of the same shard. */
    static final Set<String> RUN_FIELDS = Set.of("executorId", "attemptId", "durationMillis");
    private static final ObjectMapper JSON = new ObjectMapper();

    static StageOutputs read(String stageUri, Configuration configuration) throws IOException {
        Path stage = new Path(stageUri);
        FileSystem fs = FileSystem.get(URI.create(stageUri), configuration);
        Map<String, String> digests = new TreeMap<>();
        for (FileStatus file : fs.listStatus(stage)) {
            String name = file.getPath().getName();
            if (file.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                try (InputStream in = fs.open(file.getPath())) {
                    digests.put(name, sha256(in));
                }
            }
        }
        Map<String, Map<String, Object>> markers = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> marker : rawMarkers(fs, stage).entrySet()) {
            Map<String, Object> fields = new TreeMap<>(marker.getValue());
            fields.keySet().removeAll(RUN_FIELDS);
            markers.put(marker.getKey(), fields);
        }
        return new StageOutputs(digests, markers);
    }

    /** Every marker of the stage, whole, by file name. */
    static Map<String, Map<String, Object>> rawMarkers(String stageUri, Configuration configuration)
            throws IOException {
        return rawMarkers(FileSystem.get(URI.create(stageUri), configuration), new Path(stageUri));
    }

    private static Map<String, Map<String, Object>> rawMarkers(FileSystem fs, Path stage) throws IOException {
        Map<String, Map<String, Object>> markers = new TreeMap<>();
        for (FileStatus file : fs.listStatus(new Path(stage, ShardLayout.MARKERS))) {
            try (InputStream in = fs.open(file.getPath())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = JSON.readValue(in, Map.class);
                markers.put(file.getPath().getName(), fields);
            }
        }
        return markers;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
