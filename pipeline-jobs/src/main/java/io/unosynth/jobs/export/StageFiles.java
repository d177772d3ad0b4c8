package io.unosynth.jobs.export;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import java.io.IOException;
import java.io.InputStream;
import io.unosynth.core.config.ModelsConfig;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The finished files of a run's stages, as the driver of the closing stages (export, report) reads and writes them:
 * only shards with a marker count, and the run-level files are written whole.
 */
public final class StageFiles {
    private StageFiles() {}

    /** The markers of a stage's finished shards, sorted by shard id; empty when the stage has not run. */
    public static List<ShardStats> markers(StageStorage storage, String stage) {
        try {
            return new ShardProtocol(new ShardLayout(stage, "parquet"), "", "").readMarkers(storage);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot read the markers of stage '" + stage + "' in " + storage.describe() + ": " + e, e);
        }
    }

    /** The fully qualified data files of the finished shards of {@code stage} that {@code shards} accepts. */
    /** Whether any of the recorded model ids ({@code name=location@checksum}) is a built-in demo model. */
    public static boolean anyDemoModel(Collection<String> modelIds) {
        return modelIds.stream().anyMatch(id -> id.contains("=" + ModelsConfig.DEMO_SCHEME + ":"));
    }

    public static String[] dataFiles(StageStorage storage, String stage, Predicate<String> shards) {
        return markers(storage, stage).stream()
                .filter(stats -> shards.test(stats.shard()))
                .map(stats -> qualified(storage, stage + "/" + stats.dataFile()))
                .toArray(String[]::new);
    }

    public static String qualified(StageStorage storage, String relative) {
        return storage.describe() + "/" + relative;
    }

    /**
     * Writes {@code path} whole (staging name and rename where rename is atomic, in place on object stores) unless
     * it already holds exactly {@code content}, so a rerun that changes nothing touches nothing.
     *
     * @return whether it wrote
     */
    public static boolean writeIfChanged(StageStorage storage, String path, byte[] content) throws IOException {
        if (storage.exists(path)) {
            try (InputStream in = storage.open(path)) {
                if (Arrays.equals(in.readAllBytes(), content)) {
                    return false;
                }
            }
        }
        int slash = path.lastIndexOf('/');
        String staging = (slash < 0 ? "" : path.substring(0, slash + 1)) + ShardLayout.STAGING + "/"
                + path.substring(slash + 1) + ".inprogress";
        storage.writeWhole(path, staging, content);
        return true;
    }
}
