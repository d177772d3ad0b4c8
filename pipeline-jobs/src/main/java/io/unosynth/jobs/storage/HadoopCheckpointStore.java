package io.unosynth.jobs.storage;

import static java.util.Objects.requireNonNull;

import io.unosynth.trainer.train.CheckpointStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The trainer's {@link CheckpointStore} on any Hadoop file system URI (a local path, file:, hdfs:, s3a:, ...). */
public final class HadoopCheckpointStore implements CheckpointStore {
    private final Path root;
    private final Configuration configuration;

    public HadoopCheckpointStore(String root, Configuration configuration) {
        this.root = new Path(requireNonNull(root, "root is null"));
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path file = resolve(path);
        return file.getFileSystem(configuration).create(file, true);
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = resolve(path);
        return file.getFileSystem(configuration).open(file);
    }

    @Override
    public boolean exists(String path) throws IOException {
        Path file = resolve(path);
        return file.getFileSystem(configuration).exists(file);
    }

    /** Files and directories (checkpoints are directories), sorted by name. */
    @Override
    public List<String> list(String directory) throws IOException {
        Path dir = resolve(directory);
        FileSystem fs = dir.getFileSystem(configuration);
        List<String> names = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (!name.endsWith(".crc")) {
                    names.add(name);
                }
            }
        } catch (FileNotFoundException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    public String describe() {
        return root.toString();
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : new Path(root, path);
    }
}
