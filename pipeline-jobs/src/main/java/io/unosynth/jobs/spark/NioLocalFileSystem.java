package io.unosynth.jobs.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local filesystem ({@code file:}), checksums and all, with permissions set through java.nio. Without
 * Hadoop's native library (the usual case: Spark ships none) {@code RawLocalFileSystem.setPermission} forks a
 * {@code chmod} process for every file and directory it creates, ~4% of a filter stage on local disk. Installed as
 * {@code fs.file.impl} by {@link SparkSessions}.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }

    /** The raw local filesystem whose {@code setPermission} calls {@link Files#setPosixFilePermissions}. */
    static final class NioRawLocalFileSystem extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            java.nio.file.Path file = pathToFile(path).toPath();
            try {
                Files.setPosixFilePermissions(file, posix(permission));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX filesystem (Windows): Hadoop's own way.
                super.setPermission(path, permission);
            }
        }

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
            return set;
        }

        private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
                PosixFilePermission write, PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                set.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                set.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                set.add(execute);
            }
        }
    }
}
