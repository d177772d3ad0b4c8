package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.Fixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLocalStageStorage {
    @TempDir
    Path root;

    @Test
    void listGivesSortedFileNamesOnly() throws Exception {
        LocalStageStorage storage = Fixtures.storage(root);
        assertThat(storage.list("missing")).isEmpty();
        Fixtures.writeLines(root, "s/b.txt", "b");
        Fixtures.writeLines(root, "s/a.txt", "a");
        Fixtures.writeLines(root, "s/sub/c.txt", "c");
        assertThat(storage.list("s")).containsExactly("a.txt", "b.txt");
    }

    @Test
    void createPublishesOnCloseAndAbortDeletes() throws Exception {
        LocalStageStorage storage = Fixtures.storage(root);
        try (ShardOutput out = storage.create("deep/dir/file.bin")) {
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(storage.exists("deep/dir/file.bin")).isTrue();
        try (InputStream in = storage.open("deep/dir/file.bin")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }

        ShardOutput aborted = storage.create("deep/dir/aborted.bin");
        aborted.write(new byte[1024]);
        aborted.abort();
        assertThat(storage.exists("deep/dir/aborted.bin")).isFalse();
        aborted.abort();
    }

    @Test
    void renameReplacesTheTarget() throws Exception {
        LocalStageStorage storage = Fixtures.storage(root);
        Fixtures.writeLines(root, "s/_staging/new", "new");
        Fixtures.writeLines(root, "s/target", "old");
        storage.rename("s/_staging/new", "s/target");
        assertThat(Files.readString(root.resolve("s/target"))).isEqualTo("new\n");
        assertThat(storage.exists("s/_staging/new")).isFalse();
        assertThat(storage.atomicRename()).isTrue();

        Fixtures.writeLines(root, "x", "moved");
        storage.rename("x", "made/on/demand/x");
        assertThat(Files.readString(root.resolve("made/on/demand/x"))).isEqualTo("moved\n");
    }

    @Test
    void deleteFilesDirectoriesAndAbsentPaths() throws Exception {
        LocalStageStorage storage = Fixtures.storage(root);
        Fixtures.writeLines(root, "s/a/b/c.txt", "c");
        Fixtures.writeLines(root, "s/d.txt", "d");
        Fixtures.writeLines(root, "keep.txt", "k");
        storage.delete("s/d.txt");
        assertThat(storage.exists("s/d.txt")).isFalse();
        storage.delete("s");
        assertThat(storage.exists("s")).isFalse();
        storage.delete("never-existed");
        assertThat(Fixtures.filesUnder(root)).containsExactly("keep.txt");
        assertThat(storage.describe()).isEqualTo(root.toString());
    }
}
