package io.unosynth.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void writesReadsAndSetsPermissionsThroughNio() throws IOException {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        try (FileSystem fs = FileSystem.get(dir.toUri(), conf)) {
            assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
            Path file = new Path(dir.toUri().toString(), "a/b/part-0.bin");

            try (OutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20,
                    null)) {
                out.write(new byte[] {1, 2, 3});
            }
            fs.setPermission(file, new FsPermission((short) 0604));

            java.nio.file.Path local = dir.resolve("a/b/part-0.bin");
            assertThat(Files.readAllBytes(local)).containsExactly(1, 2, 3);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local))).isEqualTo("rw----r--");
            assertThat(Files.exists(dir.resolve("a/b/.part-0.bin.crc"))).as("checksums kept").isTrue();
            assertThat(fs.getFileStatus(file).getLen()).isEqualTo(3);
        }
    }
}
