package io.unosynth.core.shard;

import static io.unosynth.core.Fixtures.ATTEMPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.Fixtures;
import io.unosynth.core.Fixtures.JsonLinesFormat;
import io.unosynth.core.build.ContentHash;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestShardProtocol {
    private static final String STAGE = "plan";
    private static final String HASH = "cfg-aaaa";
    private static final ShardId SHARD = ShardId.ofCategory(1, 0);
    private static final JsonLinesFormat<Item> FORMAT = Fixtures.jsonLines(Item.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row of the tests' stage. */
    public record Item(String name, int value) {}

    /** The two kinds of store the protocol must be safe on. */
    enum Store {
        /** Local file system: atomic rename, data staged under {@code _staging}. */
        RENAME {
            @Override
            StageStorage open(Path root, Path uploads) {
                return new LocalStageStorage(root);
            }

            @Override
            long bytesInFlight(Path root, Path uploads) {
                return sizes(root.resolve(STAGE).resolve(ShardLayout.STAGING));
            }
        },
        /** Object store: no rename, data visible only when the upload completes. */
        PUBLISH_ON_CLOSE {
            @Override
            StageStorage open(Path root, Path uploads) {
                return new PublishOnCloseStorage(root, uploads);
            }

            @Override
            long bytesInFlight(Path root, Path uploads) {
                return sizes(uploads);
            }
        };

        abstract StageStorage open(Path root, Path uploads);

        /** Bytes written by attempts in progress, where readers of the stage folder cannot see them. */
        abstract long bytesInFlight(Path root, Path uploads);

        private static long sizes(Path dir) {
            return Fixtures.filesUnder(dir).stream().mapToLong(name -> size(dir.resolve(name))).sum();
        }
    }

    @TempDir
    Path root;

    @TempDir
    Path uploads;

    private final ShardProtocol protocol = new ShardProtocol(new ShardLayout(STAGE, "jsonl"), HASH, "1.2.3-test");

    @ParameterizedTest
    @EnumSource(Store.class)
    void executeWritesDataThenMarker(Store store) throws Exception {
        RecordingStorage storage = new RecordingStorage(store.open(root, uploads));
        List<Item> rows = List.of(new Item("a", 1), new Item("b", 2), new Item("c", 3));

        ShardStats stats = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> {
            emitter.countInput(4);
            emitter.countInput(1);
            emitter.useModel("model-a");
            rows.forEach(emitter::emit);
            emitter.countFailure("zeta_reason");
            emitter.countFailure("alpha_reason");
            emitter.useModel("model-b");
            emitter.countFailure("alpha_reason");
            emitter.countFailure("mid_reason");
            emitter.useModel("model-a");
        });

        Path data = root.resolve("plan/part-c0001-s000.jsonl");
        Path marker = root.resolve("plan/_shards/c0001-s000.json");
        assertThat(storage.published()).as("data becomes visible before its marker, each exactly once")
                .containsExactly("plan/part-c0001-s000.jsonl", "plan/_shards/c0001-s000.json");
        assertThat(Fixtures.filesUnder(root)).containsExactly("plan/_shards/c0001-s000.json", "plan/part-c0001-s000.jsonl");
        assertThat(store.bytesInFlight(root, uploads)).isZero();
        assertThat(FORMAT.read(data)).isEqualTo(rows);

        byte[] bytes = Files.readAllBytes(data);
        assertThat(stats.stage()).isEqualTo(STAGE);
        assertThat(stats.shard()).isEqualTo("c0001-s000");
        assertThat(stats.rowsIn()).isEqualTo(5);
        assertThat(stats.rowsOut()).isEqualTo(3);
        assertThat(stats.failures()).containsExactly(
                Map.entry("alpha_reason", 2L), Map.entry("mid_reason", 1L), Map.entry("zeta_reason", 1L));
        assertThat(stats.failureCount()).isEqualTo(4);
        assertThat(stats.durationMillis()).isNotNegative();
        assertThat(stats.configHash()).isEqualTo(HASH);
        assertThat(stats.codeVersion()).isEqualTo("1.2.3-test");
        assertThat(stats.models()).containsExactly("model-a", "model-b");
        assertThat(stats.executorId()).isEqualTo("executor-7");
        assertThat(stats.attemptId()).isEqualTo("attempt-1");
        assertThat(stats.dataFile()).isEqualTo("part-c0001-s000.jsonl");
        assertThat(stats.dataBytes()).isEqualTo(bytes.length).isPositive();
        assertThat(stats.dataSha256()).isEqualTo(HexFormat.of().formatHex(ContentHash.sha256(bytes)));

        String markerJson = Files.readString(marker, StandardCharsets.UTF_8);
        assertThat(JSON.readValue(markerJson, ShardStats.class)).as("the marker round-trips").isEqualTo(stats);
        assertThat(markerJson.indexOf("alpha_reason")).as("failure histogram sorted in the marker")
                .isLessThan(markerJson.indexOf("mid_reason"));
        assertThat(markerJson.indexOf("mid_reason")).isLessThan(markerJson.indexOf("zeta_reason"));
        assertThat(JSON.readTree(markerJson).get("executorId").asText()).isEqualTo("executor-7");
        assertThat(protocol.plan(storage, List.of(SHARD)).done()).containsExactly(stats);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void emptyShardIsStillCommitted(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        ShardStats stats = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.countInput(1));
        assertThat(stats.rowsOut()).isZero();
        assertThat(stats.dataBytes()).isZero();
        assertThat(stats.dataSha256()).isEqualTo(HexFormat.of().formatHex(ContentHash.sha256(new byte[0])));
        assertThat(protocol.plan(storage, List.of(SHARD)).todo()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killingMidShardLeavesNoPartialShard(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        IllegalStateException killed = new IllegalStateException("executor lost");
        List<Long> inFlightAtFailure = new ArrayList<>();

        assertThatThrownBy(() -> protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> {
            for (int i = 0; i < 2_000; i++) {
                emitter.emit(new Item("row-" + i + "-" + "x".repeat(80), i));
            }
            inFlightAtFailure.add(store.bytesInFlight(root, uploads));
            assertThat(readerVisibleDataFiles()).as("nothing visible while the shard is written").isEmpty();
            throw killed;
        })).isSameAs(killed);

        assertThat(inFlightAtFailure).as("the work really had written bytes when it died")
                .singleElement().satisfies(bytes -> assertThat(bytes).isGreaterThan(100_000L));
        assertThat(readerVisibleDataFiles()).isEmpty();
        assertThat(Fixtures.filesUnder(root)).as("no data, no marker, no staging leftovers").isEmpty();
        assertThat(store.bytesInFlight(root, uploads)).as("the upload is aborted").isZero();
        assertThat(protocol.plan(storage, List.of(SHARD)).todo()).containsExactly(SHARD);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void failingRowWriterLeavesNothing(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        IOException diskFull = new IOException("No space left on device");
        RowFormat<Item> failing = failingFormat(3, diskFull, false);

        assertThatThrownBy(() -> protocol.execute(storage, SHARD, ATTEMPT, failing, emitter -> {
            for (int i = 0; i < 10; i++) {
                emitter.emit(new Item("r", i));
            }
        })).isInstanceOf(PipelineException.class).hasCause(diskFull).hasMessageContaining("Cannot write shard c0001-s000");
        assertThat(Fixtures.filesUnder(root)).isEmpty();
        assertThat(store.bytesInFlight(root, uploads)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void failingFooterLeavesNothing(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        IOException footer = new IOException("Cannot write footer");
        assertThatThrownBy(() -> protocol.execute(storage, SHARD, ATTEMPT, failingFormat(-1, footer, true),
                emitter -> emitter.emit(new Item("r", 1)))).isInstanceOf(PipelineException.class).hasCause(footer);
        assertThat(Fixtures.filesUnder(root)).isEmpty();
        assertThat(store.bytesInFlight(root, uploads)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void errorsLeaveNothingEither(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        AssertionError error = new AssertionError("simulated fatal error");
        assertThatThrownBy(() -> protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> {
            emitter.emit(new Item("r", 1));
            throw error;
        })).isSameAs(error);
        assertThat(Fixtures.filesUnder(root)).isEmpty();
        assertThat(store.bytesInFlight(root, uploads)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void secondAttemptReplacesTheShard(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        ShardWork<Item> work = emitter -> {
            for (int i = 0; i < 50; i++) {
                emitter.emit(new Item("row", i));
            }
        };
        ShardStats first = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, work);
        byte[] firstBytes = Files.readAllBytes(root.resolve("plan/part-c0001-s000.jsonl"));

        ShardStats second = protocol.execute(storage, SHARD, new TaskAttempt("executor-9", "attempt-2"), FORMAT, work);

        assertThat(storage.list(STAGE)).as("exactly one data file").containsExactly("part-c0001-s000.jsonl");
        assertThat(Files.readAllBytes(root.resolve("plan/part-c0001-s000.jsonl"))).isEqualTo(firstBytes);
        assertThat(second.dataSha256()).isEqualTo(first.dataSha256());
        assertThat(second.rowsOut()).isEqualTo(50);
        assertThat(Fixtures.filesUnder(root)).containsExactly("plan/_shards/c0001-s000.json", "plan/part-c0001-s000.jsonl");
        assertThat(protocol.plan(storage, List.of(SHARD)).done()).singleElement()
                .satisfies(done -> assertThat(done.attemptId()).isEqualTo("attempt-2"))
                .satisfies(done -> assertThat(done.executorId()).isEqualTo("executor-9"));
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void failedRetryKeepsTheCompletedShard(Store store) throws Exception {
        StageStorage storage = store.open(root, uploads);
        ShardStats done = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        byte[] bytes = Files.readAllBytes(root.resolve("plan/part-c0001-s000.jsonl"));

        assertThatThrownBy(() -> protocol.execute(storage, SHARD, new TaskAttempt("e", "attempt-2"), FORMAT,
                emitter -> {
                    emitter.emit(new Item("other", 2));
                    throw new IllegalStateException("speculative copy killed");
                })).hasMessage("speculative copy killed");

        assertThat(Files.readAllBytes(root.resolve("plan/part-c0001-s000.jsonl"))).isEqualTo(bytes);
        assertThat(protocol.plan(storage, List.of(SHARD)).done()).containsExactly(done);
        assertThat(Fixtures.filesUnder(root)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void markerIsTheCommit(Store store) throws Exception {
        StageStorage base = store.open(root, uploads);
        RecordingStorage noMarkers = new RecordingStorage(base, path -> path.endsWith(".json")
                || path.endsWith(".json.inprogress"));

        assertThatThrownBy(() -> protocol.execute(noMarkers, SHARD, ATTEMPT, FORMAT,
                emitter -> emitter.emit(new Item("a", 1))))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Injected failure")
                .hasMessageContaining("c0001-s000");
        assertThat(noMarkers.published()).containsExactly("plan/part-c0001-s000.jsonl");
        assertThat(protocol.plan(base, List.of(SHARD)).todo()).as("data without marker is not done")
                .containsExactly(SHARD);

        protocol.execute(base, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        assertThat(protocol.plan(base, List.of(SHARD)).todo()).isEmpty();
    }

    @Test
    void objectStoreIsNeverAskedToRename() throws Exception {
        // PublishOnCloseStorage.rename throws: getting here without an exception proves it was not called.
        StageStorage storage = new PublishOnCloseStorage(root, uploads);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        assertThat(Fixtures.filesUnder(root)).noneMatch(name -> name.contains(ShardLayout.STAGING));
    }

    @Test
    void rowsEmittedFromSeveralThreadsAreAllCounted() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        ShardStats stats = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 500; i++) {
                            emitter.emit(new Item("t" + thread, i));
                            emitter.countFailure("reason_" + (i % 3));
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
        });
        assertThat(stats.rowsOut()).isEqualTo(2_000);
        assertThat(stats.failureCount()).isEqualTo(2_000);
        assertThat(FORMAT.read(root.resolve("plan/part-c0001-s000.jsonl"))).hasSize(2_000);
    }

    @Test
    void planOfAFreshStageIsEverything() throws Exception {
        List<ShardId> shards = List.of(ShardId.ofCategory(2, 0), ShardId.ofCategory(1, 0), ShardId.ofCategory(1, 1));
        ShardPlan plan = protocol.plan(Fixtures.storage(root), shards);
        assertThat(plan.todo()).as("in the order given").isEqualTo(shards);
        assertThat(plan.done()).isEmpty();
        assertThat(plan.total()).isEqualTo(3);
    }

    @Test
    void planSkipsDoneShardsAndRedoesIncompleteOnes() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        List<ShardId> shards = new ArrayList<>();
        List<ShardStats> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ShardId shard = ShardId.ofCategory(7, i);
            shards.add(shard);
            if (i < 4) {
                int value = i;
                written.add(protocol.execute(storage, shard, ATTEMPT, FORMAT,
                        emitter -> emitter.emit(new Item("s", value))));
            }
        }
        Files.delete(root.resolve("plan/part-c0007-s001.jsonl"));
        Files.delete(root.resolve("plan/_shards/c0007-s002.json"));

        ShardPlan plan = protocol.plan(storage, shards);
        assertThat(plan.todo()).containsExactly(shards.get(1), shards.get(2), shards.get(4));
        assertThat(plan.done()).containsExactly(written.get(0), written.get(3));
        assertThat(plan.total()).isEqualTo(5);
    }

    @ParameterizedTest(name = "marker content ''{0}''")
    @ValueSource(strings = {"", "garbage", "{}", "null", "[]", "{\"stage\": \"plan\"}", "{\"stage\": \"plan\", \"shard\":",
            "{\"stage\":\"plan\",\"shard\":\"c0001-s000\",\"rowsIn\":\"many\"}"})
    void corruptMarkerMeansRedo(String content) throws Exception {
        StageStorage storage = Fixtures.storage(root);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        Files.writeString(root.resolve("plan/_shards/c0001-s000.json"), content, StandardCharsets.UTF_8);

        ShardPlan plan = protocol.plan(storage, List.of(SHARD));
        assertThat(plan.todo()).containsExactly(SHARD);
        assertThat(plan.done()).isEmpty();
        assertThatThrownBy(() -> protocol.readMarkers(storage))
                .as("a downstream stage must not silently lose the shard")
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("Cannot read the marker " + root + "/plan/_shards/c0001-s000.json")
                .extracting(e -> ((PipelineException) e).code()).isEqualTo(PipelineErrorCode.SHARD_CORRUPT);
    }

    @Test
    void truncatedMarkerMeansRedo() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        Path marker = root.resolve("plan/_shards/c0001-s000.json");
        byte[] json = Files.readAllBytes(marker);
        Files.write(marker, Arrays.copyOf(json, json.length / 2));
        assertThat(protocol.plan(storage, List.of(SHARD)).todo()).containsExactly(SHARD);
    }

    @Test
    void doneShardOfAnotherConfigIsAnError() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        ShardId other = ShardId.ofCategory(1, 1);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        ShardProtocol changed = new ShardProtocol(new ShardLayout(STAGE, "jsonl"), "cfg-bbbb", "1.2.3-test");

        assertThatThrownBy(() -> changed.plan(storage, List.of(other, SHARD)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Cannot resume stage 'plan' in " + root + ": shard c0001-s000 was written with config"
                        + " cfg-aaaa, this run has config cfg-bbbb; use --force to redo the stage or write to another"
                        + " --out")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG);

        assertThat(changed.plan(storage, List.of(other)).todo()).as("only done shards are compared")
                .containsExactly(other);
        changed.clear(storage);
        assertThat(changed.plan(storage, List.of(other, SHARD)).todo()).containsExactly(other, SHARD);
    }

    @Test
    void planListsEachShardOnceAndIgnoresStrayFiles() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        Fixtures.writeLines(root, "plan/_shards/README.txt", "not a marker");
        Fixtures.writeLines(root, "plan/_shards/Not_A_Shard.json", "{}");
        Fixtures.writeLines(root, "plan/_SUCCESS", "");
        Files.createDirectories(root.resolve("plan/part-c0002-s000.jsonl"));

        ShardId directoryNotFile = ShardId.ofCategory(2, 0);
        ShardPlan plan = protocol.plan(storage, List.of(SHARD, directoryNotFile, SHARD, directoryNotFile));
        assertThat(plan.done()).extracting(ShardStats::shard).containsExactly("c0001-s000");
        assertThat(plan.todo()).containsExactly(directoryNotFile);
        assertThat(protocol.readMarkers(storage)).extracting(ShardStats::shard).containsExactly("c0001-s000");
    }

    @Test
    void readMarkersSortedByShard() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        for (ShardId shard : List.of(ShardId.ofCategory(3, 0), ShardId.ofCategory(1, 2), ShardId.ofCategory(1, 0))) {
            protocol.execute(storage, shard, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item(shard.value(), 0)));
        }
        assertThat(protocol.readMarkers(storage)).extracting(ShardStats::shard)
                .containsExactly("c0001-s000", "c0001-s002", "c0003-s000");
        assertThat(new ShardProtocol(new ShardLayout("other", "jsonl"), HASH, "v").readMarkers(storage)).isEmpty();
    }

    @Test
    void clearDeletesOnlyThisStage() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        ShardProtocol other = new ShardProtocol(new ShardLayout("score", "jsonl"), HASH, "v");
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        other.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("b", 2)));

        protocol.clear(storage);

        assertThat(Files.exists(root.resolve(STAGE))).isFalse();
        assertThat(Fixtures.filesUnder(root)).containsExactly("score/_shards/c0001-s000.json", "score/part-c0001-s000.jsonl");
        assertThat(protocol.plan(storage, List.of(SHARD)).todo()).containsExactly(SHARD);
        protocol.clear(storage);
    }

    @Test
    void statsJsonUsesTheRecordComponentNames() throws Exception {
        ShardStats stats = new ShardStats("plan", "c0001-s000", 1, 2, Map.of("b", 2L, "a", 1L), 3, "h", "v",
                List.of("m"), "e", "t", "part-c0001-s000.jsonl", 4, "ff");
        assertThat(JSON.readTree(ShardProtocol.toJson(stats)).fieldNames()).toIterable().containsExactly(
                "stage", "shard", "rowsIn", "rowsOut", "failures", "durationMillis", "configHash", "codeVersion",
                "models", "executorId", "attemptId", "dataFile", "dataBytes", "dataSha256", "upstream", "retryable");
    }

    @Test
    void aShardWhoseUpstreamChangedIsRedoneAndSaysSo() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        ShardId other = ShardId.ofCategory(2, 0);
        protocol.execute(storage, SHARD, Map.of("generate/c0001-s000", "aaaa"), ATTEMPT, FORMAT,
                emitter -> emitter.emit(new Item("a", 1)));
        protocol.execute(storage, other, Map.of("generate/c0002-s000", "cccc"), ATTEMPT, FORMAT,
                emitter -> emitter.emit(new Item("b", 1)));
        assertThat(protocol.readMarkers(storage).get(0).upstream()).containsExactly(entry("generate/c0001-s000",
                "aaaa"));

        Map<ShardId, Map<String, String>> now = new LinkedHashMap<>();
        now.put(SHARD, Map.of("generate/c0001-s000", "bbbb"));
        now.put(other, Map.of("generate/c0002-s000", "cccc"));
        ShardPlan plan = protocol.plan(storage, now);

        assertThat(plan.todo()).containsExactly(SHARD);
        assertThat(plan.stale()).containsExactly(SHARD);
        assertThat(plan.done()).extracting(ShardStats::shard).containsExactly("c0002-s000");
        now.put(SHARD, Map.of("generate/c0001-s000", "aaaa", "plan-rows", "x"));
        assertThat(protocol.plan(storage, now).stale()).as("a new input is a change too").containsExactly(SHARD);
    }

    @Test
    void aShardWithExternalFailuresIsCommittedButRetried() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        ShardStats stats = protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> {
            emitter.emit(new Item("a", 1));
            emitter.countFailure("llm_connect");
            emitter.markRetryable();
        });

        assertThat(stats.retryable()).isEqualTo(1);
        assertThat(stats.isFinal()).isFalse();
        assertThat(readerVisibleDataFiles()).as("the finished rows are kept").hasSize(1);
        ShardPlan plan = protocol.plan(storage, List.of(SHARD));
        assertThat(plan.todo()).containsExactly(SHARD);
        assertThat(plan.retried()).containsExactly(SHARD);

        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        assertThat(protocol.plan(storage, List.of(SHARD)).done()).hasSize(1);
    }

    @Test
    void aMarkerWithoutProvenanceStillReads() throws Exception {
        StageStorage storage = Fixtures.storage(root);
        protocol.execute(storage, SHARD, ATTEMPT, FORMAT, emitter -> emitter.emit(new Item("a", 1)));
        Path marker = root.resolve("plan/_shards/c0001-s000.json");
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(marker.toFile());
        json.remove(List.of("upstream", "retryable"));
        Files.write(marker, JSON.writeValueAsBytes(json));

        assertThat(protocol.plan(storage, List.of(SHARD)).done()).singleElement()
                .satisfies(done -> assertThat(done.upstream()).isEmpty())
                .satisfies(done -> assertThat(done.isFinal()).isTrue());
    }

    /** Data files a reader globbing {@code plan/*.jsonl} would pick up. */
    private List<String> readerVisibleDataFiles() {
        Path stage = root.resolve(STAGE);
        if (!Files.isDirectory(stage)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stage)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON-lines format whose writer fails at row {@code failAt} (0-based), or on close. */
    private static RowFormat<Item> failingFormat(int failAt, IOException failure, boolean failOnClose) {
        return new RowFormat<>() {
            @Override
            public String extension() {
                return "jsonl";
            }

            @Override
            public RowWriter<Item> open(OutputStream out) {
                RowWriter<Item> inner = FORMAT.open(out);
                return new RowWriter<>() {
                    private int rows;

                    @Override
                    public void write(Item row) throws IOException {
                        if (rows++ == failAt) {
                            throw failure;
                        }
                        inner.write(row);
                    }

                    @Override
                    public void close() throws IOException {
                        if (failOnClose) {
                            throw failure;
                        }
                        inner.close();
                    }
                };
            }
        };
    }
}
