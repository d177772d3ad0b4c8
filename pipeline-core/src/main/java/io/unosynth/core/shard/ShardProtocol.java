package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shard protocol every stage uses. A stage's work is cut into shards with deterministic ids; each shard is
 * written whole under a deterministic name or not at all, then a JSON stats marker is written: the marker is the
 * commit. {@link #plan} (driver, read-only) decides what is left to do; {@link #execute} (executor) is the only step
 * that writes.
 *
 * <p>Why it is safe: a shard's data file name depends only on its id, so a retried or speculative attempt replaces
 * it rather than adding rows. On stores with atomic rename (local, HDFS) data is written under {@code _staging}
 * and renamed into place; on object stores (S3A) it is written straight to its name, where it appears only when
 * the upload completes, and a failed writer aborts the upload. Either way no reader of the stage folder ever sees a
 * partial file, and no step relies on a non-atomic rename.
 */
public final class ShardProtocol implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ShardLayout layout;
    private final String configHash;
    private final String codeVersion;

    public ShardProtocol(ShardLayout layout, String configHash, String codeVersion) {
        this.layout = requireNonNull(layout, "layout is null");
        this.configHash = requireNonNull(configHash, "configHash is null");
        this.codeVersion = requireNonNull(codeVersion, "codeVersion is null");
    }

    public ShardLayout layout() {
        return layout;
    }

    public String configHash() {
        return configHash;
    }

    /** {@link #plan(StageStorage, Map)} for shards that record no upstream (tests, stages without inputs). */
    public ShardPlan plan(StageStorage storage, List<ShardId> shards) throws IOException {
        Map<ShardId, Map<String, String>> noUpstream = new LinkedHashMap<>();
        shards.forEach(shard -> noUpstream.put(shard, Map.of()));
        return plan(storage, noUpstream);
    }

    /**
     * Splits the shards (each with the data hashes of the upstream inputs it would read now) into those still to do
     * and those done. A shard is done when its marker parses, its data file exists, no row of it waits for a retry,
     * and it was made from exactly these upstream inputs; otherwise it is redone (stale or retried, as the plan
     * says). A done shard written under another config hash is an error: mixing shards of two configurations in one
     * folder would silently corrupt the dataset.
     */
    public ShardPlan plan(StageStorage storage, Map<ShardId, Map<String, String>> shards) throws IOException {
        Set<String> dataFiles = new HashSet<>(storage.list(layout.stage()));
        Set<ShardId> markers = new HashSet<>();
        for (String name : storage.list(layout.markerDirectory())) {
            ShardLayout.shardOfMarker(name).ifPresent(markers::add);
        }
        List<ShardId> todo = new ArrayList<>();
        List<ShardStats> done = new ArrayList<>();
        List<ShardId> stale = new ArrayList<>();
        List<ShardId> retried = new ArrayList<>();
        for (Map.Entry<ShardId, Map<String, String>> entry : shards.entrySet()) {
            ShardId shard = entry.getKey();
            if (!markers.contains(shard) || !dataFiles.contains(layout.dataFileName(shard))) {
                todo.add(shard);
                continue;
            }
            ShardStats stats;
            try {
                stats = readMarker(storage, shard);
            } catch (JsonProcessingException e) {
                // Markers are written whole; a corrupt one was edited or damaged: redo the shard, rewrite it.
                todo.add(shard);
                continue;
            }
            ValidationException.check(stats.configHash().equals(configHash), PipelineErrorCode.INVALID_CONFIG,
                    "Cannot resume stage '%s' in %s: shard %s was written with config %s, this run has config %s; "
                            + "use --force to redo the stage or write to another --out",
                    layout.stage(), storage.describe(), shard, stats.configHash(), configHash);
            if (!stats.upstream().equals(new TreeMap<>(entry.getValue()))) {
                stale.add(shard);
                todo.add(shard);
            } else if (!stats.isFinal()) {
                retried.add(shard);
                todo.add(shard);
            } else {
                done.add(stats);
            }
        }
        return new ShardPlan(todo, done, stale, retried);
    }

    /**
     * Reads every marker of the stage, sorted by shard id (for summaries and downstream stages). A marker that
     * cannot be read or parsed is an error naming it, never a silently missing shard.
     */
    public List<ShardStats> readMarkers(StageStorage storage) throws IOException {
        List<ShardStats> result = new ArrayList<>();
        for (String name : storage.list(layout.markerDirectory()).stream().sorted().toList()) {
            Optional<ShardId> shard = ShardLayout.shardOfMarker(name);
            if (shard.isEmpty()) {
                continue;
            }
            try {
                result.add(readMarker(storage, shard.get()));
            } catch (JsonProcessingException e) {
                throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot read the marker "
                        + storage.describe() + "/" + layout.markerFile(shard.get()) + ": " + e.getOriginalMessage()
                        + "; delete it (and its data file) to redo the shard, or use --force", e);
            }
        }
        return result;
    }

    /** Deletes the whole stage folder (the {@code --force} path). */
    public void clear(StageStorage storage) throws IOException {
        storage.delete(layout.stage());
    }

    /**
     * Runs {@code work} for {@code shard} and commits its rows: data first, then the marker. If the work or the
     * write throws, nothing of this attempt becomes visible and the exception propagates (the engine retries).
     * Storage failures come out as {@link PipelineErrorCode#STORAGE_FAILURE} naming the shard and the path; the
     * work's own exceptions propagate unchanged.
     */
    public <T> ShardStats execute(StageStorage storage, ShardId shard, TaskAttempt attempt, RowFormat<T> format,
            ShardWork<T> work) throws Exception {
        return execute(storage, shard, Map.of(), attempt, format, work);
    }

    /** Runs and commits the shard as above; the marker records {@code upstream}, the inputs' data hashes. */
    public <T> ShardStats execute(StageStorage storage, ShardId shard, Map<String, String> upstream,
            TaskAttempt attempt, RowFormat<T> format, ShardWork<T> work) throws Exception {
        long start = System.nanoTime();
        boolean staged = storage.atomicRename();
        String target = layout.dataFile(shard);
        String writePath = staged ? layout.stagingFile(shard, attempt.attemptId(), format.extension()) : target;
        ShardOutput output;
        try {
            output = storage.create(writePath);
        } catch (IOException e) {
            throw storageFailure(storage, shard, writePath, e);
        }
        DigestingStream digesting = new DigestingStream(output);
        Recorder<T> recorder;
        boolean inWork = false;
        try {
            RowFormat.RowWriter<T> writer = format.open(digesting);
            recorder = new Recorder<>(writer);
            inWork = true;
            work.run(recorder);
            inWork = false;
            recorder.rethrowWriteFailure();
            writer.close();
        } catch (Exception | Error e) {
            output.abort();
            if (staged) {
                deleteQuietly(storage, writePath);
            }
            if (e instanceof IOException io && !inWork) {
                throw storageFailure(storage, shard, writePath, io);
            }
            throw e;
        }
        try {
            if (staged) {
                storage.rename(writePath, target);
            }
        } catch (IOException e) {
            throw storageFailure(storage, shard, target, e);
        }
        ShardStats stats = new ShardStats(layout.stage(), shard.value(), recorder.inputs, recorder.rows,
                recorder.failures, (System.nanoTime() - start) / 1_000_000, configHash, codeVersion,
                List.copyOf(recorder.models), attempt.executorId(), attempt.attemptId(), layout.dataFileName(shard),
                digesting.bytes, digesting.hex(), upstream, recorder.retryable);
        try {
            writeMarker(storage, shard, attempt, stats);
        } catch (IOException e) {
            throw storageFailure(storage, shard, layout.markerFile(shard), e);
        }
        return stats;
    }

    private static PipelineException storageFailure(StageStorage storage, ShardId shard, String path,
            IOException cause) {
        return new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot write shard " + shard + " to "
                + storage.describe() + "/" + path + ": " + cause.getMessage(), cause);
    }

    private void writeMarker(StageStorage storage, ShardId shard, TaskAttempt attempt, ShardStats stats)
            throws IOException {
        byte[] json = toJson(stats);
        storage.writeWhole(layout.markerFile(shard), layout.stagingFile(shard, attempt.attemptId(), "json"), json);
    }

    public static byte[] toJson(ShardStats stats) {
        try {
            return JSON.writeValueAsBytes(stats);
        } catch (JsonProcessingException e) {
            throw new PipelineException(PipelineErrorCode.INTERNAL, "Cannot encode shard stats: " + e.getMessage(), e);
        }
    }

    /** Parse errors come out as {@link JsonProcessingException}; any other I/O failure is the store's. */
    private ShardStats readMarker(StageStorage storage, ShardId shard) throws JsonProcessingException {
        String path = layout.markerFile(shard);
        ShardStats stats;
        try (InputStream in = storage.open(path)) {
            stats = JSON.readValue(in, ShardStats.class);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot read the marker " + storage.describe() + "/" + path + ": " + e.getMessage(), e);
        }
        if (stats == null || !stats.shard().equals(shard.value())) {
            throw new JsonParseException(null,
                    "the marker names shard " + (stats == null ? "none" : stats.shard()) + ", not " + shard);
        }
        return stats;
    }

    private static void deleteQuietly(StageStorage storage, String path) {
        try {
            storage.delete(path);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: staging files are invisible to readers and are replaced by the next attempt.
        }
    }

    /** Collects what the work reports and forwards rows to the writer. */
    private static final class Recorder<T> implements ShardEmitter<T> {
        private final RowFormat.RowWriter<T> writer;
        private final Map<String, Long> failures = new TreeMap<>();
        private final Set<String> models = new LinkedHashSet<>();
        private long rows;
        private long inputs;
        private long retryable;
        private IOException writeFailure;

        Recorder(RowFormat.RowWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void emit(T row) {
            if (writeFailure != null) {
                return;
            }
            try {
                writer.write(row);
                rows++;
            } catch (IOException e) {
                writeFailure = e;
            }
        }

        @Override
        public synchronized void countInput(long count) {
            inputs += count;
        }

        @Override
        public synchronized void countFailure(String reason) {
            failures.merge(reason, 1L, Long::sum);
        }

        @Override
        public synchronized void markRetryable() {
            retryable++;
        }

        @Override
        public synchronized void useModel(String modelId) {
            models.add(modelId);
        }

        void rethrowWriteFailure() throws IOException {
            if (writeFailure != null) {
                throw writeFailure;
            }
        }
    }

    /** Counts and hashes what goes to storage, so the marker can vouch for the data file. */
    private static final class DigestingStream extends FilterOutputStream {
        private final MessageDigest digest;
        private long bytes;

        DigestingStream(OutputStream out) {
            super(out);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
