package io.unosynth.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.ShardOutput;
import io.unosynth.core.shard.StageStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageJudgeCacheTest {
    static final String FOLDER = "score/_cache";
    private final PairRow pair = PairFixtures.pair("c0007-subj000-scn00", Photos.COFFEE, Photos.COFFEE);

    @TempDir
    Path root;

    @Test
    void roundTripsAScoredVerdictUnderItsKeyOnly() throws IOException {
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), FOLDER);
        JudgeVerdict verdict = JudgeVerdicts.scored(pair, "qwen2.5-vl-7b", "v1", 3.5);
        assertThat(cache.get(verdict.key())).isEmpty();

        cache.put(verdict);

        assertThat(cache.get(verdict.key())).contains(verdict.asCached());
        assertThat(cache.get(verdict.key()).orElseThrow().cached()).isTrue();
        assertThat(cache.get(new JudgeKey(pair.pairId(), "other-model", "v1"))).isEmpty();
        assertThat(cache.get(new JudgeKey(pair.pairId(), "qwen2.5-vl-7b", "v2"))).isEmpty();
        assertThat(root.resolve(FOLDER).resolve(verdict.key().fileName())).isRegularFile();
        assertThat(new LocalStageStorage(root).list(FOLDER)).as("no staging files left beside entries")
                .containsExactly(verdict.key().fileName());
    }

    @Test
    void refusesToCacheWhatIsNotScored() {
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), FOLDER);
        assertThatThrownBy(() -> cache.put(JudgeVerdict.unscored(pair)))
                .hasMessageContaining("only scored verdicts are cached, found UNSCORED");
    }

    @Test
    void aCorruptOrForeignEntryIsAMissAndIsReplaced() throws IOException {
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), FOLDER);
        JudgeVerdict verdict = JudgeVerdicts.scored(pair, "m", "v1", 4.0);
        Path file = root.resolve(FOLDER).resolve(verdict.key().fileName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"pairId\": \"c0007-subj000-scn00\", \"status\": \"SCO");
        assertThat(cache.get(verdict.key())).isEmpty();

        // A valid verdict of another pair under this key's name (a collision or a hand edit) is not served.
        cache.put(JudgeVerdicts.scored(PairFixtures.pair("other", Photos.COFFEE, Photos.COFFEE), "m", "v1", 1.0));
        Files.copy(root.resolve(FOLDER).resolve(new JudgeKey("other", "m", "v1").fileName()), file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(cache.get(verdict.key())).isEmpty();

        cache.put(verdict);
        assertThat(cache.get(verdict.key())).contains(verdict.asCached());
    }

    @Test
    void concurrentWritersOfOneKeyLeaveOneWholeEntry() throws Exception {
        StorageJudgeCache cache = new StorageJudgeCache(new LocalStageStorage(root), FOLDER);
        JudgeVerdict verdict = JudgeVerdicts.scored(pair, "m", "v1", 3.5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                writes.add(pool.submit(() -> cache.put(verdict)));
                writes.add(pool.submit(() -> cache.get(verdict.key()).ifPresent(
                        hit -> assertThat(hit).isEqualTo(verdict.asCached()))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.get(verdict.key())).contains(verdict.asCached());
        assertThat(new LocalStageStorage(root).list(FOLDER)).containsExactly(verdict.key().fileName());
    }

    @Test
    void onAnObjectStoreTheEntryIsWrittenInPlace() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        StorageJudgeCache cache = new StorageJudgeCache(store, FOLDER);
        JudgeVerdict verdict = JudgeVerdicts.scored(pair, "m", "v1", 3.0);

        cache.put(verdict);

        assertThat(store.objects.keySet()).containsExactly(FOLDER + "/" + verdict.key().fileName());
        assertThat(store.objects.values().iterator().next()).contains("\"finalScore\":3.0");
        assertThat(cache.get(verdict.key())).contains(verdict.asCached());
    }

    /** An object store without rename, whose objects appear only when their stream is closed. */
    static final class InMemoryObjectStore implements StageStorage {
        final Map<String, String> objects = new HashMap<>();

        @Override
        public List<String> list(String directory) {
            return objects.keySet().stream().filter(k -> k.startsWith(directory + "/"))
                    .map(k -> k.substring(directory.length() + 1)).filter(k -> !k.contains("/")).sorted().toList();
        }

        @Override
        public synchronized boolean exists(String path) {
            return objects.containsKey(path);
        }

        @Override
        public synchronized InputStream open(String path) {
            return new java.io.ByteArrayInputStream(objects.get(path).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public ShardOutput create(String path) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            return new ShardOutput() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void close() {
                    synchronized (InMemoryObjectStore.this) {
                        objects.put(path, buffer.toString(StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public boolean atomicRename() {
            return false;
        }

        @Override
        public void rename(String from, String to) {
            throw new UnsupportedOperationException("object stores have no rename");
        }

        @Override
        public void delete(String path) {
            objects.remove(path);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }
}
