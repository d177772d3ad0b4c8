package io.unosynth.core.judge;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.StageStorage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link JudgeCache} of one small JSON file per verdict, {@code <folder>/<JudgeKey#fileName()>}, on the run's
 * {@link StageStorage} (the score stage uses {@code _cache/score}, outside its stage folder), so it works on file:, hdfs: and s3a: alike.
 *
 * <p>Concurrent writers of one key (speculative tasks, two runs) are safe: a reader sees a whole file or none.
 * Where rename is atomic the file is written under a unique staging name first and renamed into place; on object
 * stores {@link StageStorage#create} makes the object visible only when closed, whole. The last writer wins, and
 * either file is a valid verdict for the key. A file that does not parse, or holds another key (a hash collision
 * or a hand edit), is a miss and is replaced by the next put.
 */
public final class StorageJudgeCache implements JudgeCache {
    static final String STAGING = "_staging";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageStorage storage;
    private final String folder;

    public StorageJudgeCache(StageStorage storage, String folder) {
        this.storage = requireNonNull(storage, "storage is null");
        requireNonNull(folder, "folder is null");
        checkArgument(!folder.isBlank() && !folder.endsWith("/"), "Invalid judge cache folder: '%s'", folder);
        this.folder = folder;
    }

    @Override
    public Optional<JudgeVerdict> get(JudgeKey key) {
        String path = path(key);
        try {
            if (!storage.exists(path)) {
                return Optional.empty();
            }
            JudgeVerdict verdict;
            try (InputStream in = storage.open(path)) {
                verdict = JSON.readValue(in, JudgeVerdict.class);
            } catch (IOException | RuntimeException e) {
                // Unreadable content (a foreign or truncated file): judge again and overwrite it.
                return Optional.empty();
            }
            return verdict.key().equals(key) && verdict.status() == JudgeVerdict.Status.SCORED
                    ? Optional.of(verdict.asCached())
                    : Optional.empty();
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot read judge cache entry " + path
                    + " in " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(JudgeVerdict verdict) {
        checkArgument(verdict.status() == JudgeVerdict.Status.SCORED,
                "Invalid judge cache entry for pair %s: only scored verdicts are cached, found %s",
                verdict.pairId(), verdict.status());
        String path = path(verdict.key());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(verdict.cached() ? uncached(verdict) : verdict);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode the verdict of pair " + verdict.pairId(), e);
        }
        try {
            storage.writeWhole(path, folder + "/" + STAGING + "/" + verdict.key().fileName() + "." + UUID.randomUUID(),
                    bytes);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot write judge cache entry " + path
                    + " in " + storage.describe() + ": " + e.getMessage(), e);
        }
    }

    private String path(JudgeKey key) {
        return folder + "/" + key.fileName();
    }

    private static JudgeVerdict uncached(JudgeVerdict verdict) {
        return new JudgeVerdict(verdict.pairId(), verdict.categoryId(), verdict.category(), verdict.status(),
                verdict.judgeModel(), verdict.promptVersion(), verdict.parts(), verdict.appearance(),
                verdict.details(), verdict.attributes(), verdict.finalScore(), verdict.partsText(),
                verdict.differencesText(), verdict.scoresText(), verdict.latencyMillis(), verdict.promptTokens(),
                verdict.completionTokens(), verdict.attempts(), verdict.failureReason(), false);
    }
}
