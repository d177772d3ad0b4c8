package io.unosynth.jobs.storage;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.ShardOutput;
import io.unosynth.core.shard.StageStorage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * {@link StageStorage} over a Hadoop FileSystem rooted at the run's output ({@code file:}, {@code hdfs:},
 * {@code s3a:}, or a plain local path). Object stores are written in place (an object appears only when its upload
 * completes, and a failed writer aborts the upload, never closes it); file systems with atomic rename go through
 * staging names.
 */
public final class HadoopStageStorage implements StageStorage, Serializable {
    private static final long serialVersionUID = 1L;
    /** Schemes whose rename is a copy: never rely on it there. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb",
            "wasbs", "oss", "cos", "cosn", "obs");

    private final String root;
    private final SerializableHadoopConf configuration;
    private transient FileSystem fileSystem;
    private transient Path rootPath;

    public HadoopStageStorage(String root, Configuration configuration) {
        this.root = requireNonNull(root, "root is null");
        this.configuration = new SerializableHadoopConf(configuration);
    }

    @Override
    public List<String> list(String directory) throws IOException {
        List<String> names = new ArrayList<>();
        FileStatus[] statuses;
        try {
            statuses = fs().listStatus(resolve(directory));
        } catch (FileNotFoundException e) {
            return names;
        }
        for (FileStatus status : statuses) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.endsWith(".crc")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String path) throws IOException {
        return fs().exists(resolve(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        return fs().open(resolve(path));
    }

    @Override
    public ShardOutput create(String path) throws IOException {
        Path target = resolve(path);
        FSDataOutputStream out = fs().create(target, true);
        if (!atomicRename()) {
            return ShardOutput.withAbort(out, () -> abortUpload(out));
        }
        return ShardOutput.of(out, () -> {
            try {
                fs().delete(target, false);
            } catch (IOException ignored) {
                // Aborting a staging file: it stays invisible to readers and is replaced by the next attempt.
            }
        });
    }

    /**
     * An object-store stream publishes its object when closed, so aborting must never close it: S3A's stream aborts
     * the (multipart) upload instead. A store whose stream cannot abort is left unclosed, so its upload is never
     * completed either.
     */
    private static void abortUpload(FSDataOutputStream out) {
        if (out.hasCapability(StreamCapabilities.ABORTABLE_STREAM)) {
            try {
                out.abort();
            } catch (RuntimeException ignored) {
                // The upload was never completed: nothing is visible whatever the abort call reports.
            }
        }
    }

    @Override
    public boolean atomicRename() {
        String scheme = rootPath().toUri().getScheme();
        return scheme == null || !OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path target = resolve(to);
        fs().mkdirs(target.getParent());
        fs().delete(target, false);
        if (!fs().rename(resolve(from), target)) {
            throw new IOException("rename of " + resolve(from) + " to " + target + " returned false");
        }
    }

    @Override
    public void delete(String path) throws IOException {
        fs().delete(resolve(path), true);
    }

    @Override
    public String describe() {
        return rootPath().toString();
    }

    private Path resolve(String relative) {
        return new Path(rootPath(), relative);
    }

    private Path rootPath() {
        if (rootPath == null) {
            try {
                rootPath = fs().makeQualified(new Path(root));
            } catch (IOException e) {
                throw storageFailure(e);
            }
        }
        return rootPath;
    }

    private FileSystem fs() throws IOException {
        if (fileSystem == null) {
            Path path = new Path(root);
            fileSystem = path.getFileSystem(configuration.get());
            if (fileSystem instanceof LocalFileSystem local) {
                // No .crc side files next to shards: the markers carry a SHA-256 of each data file.
                local.setWriteChecksum(false);
            }
        }
        return fileSystem;
    }

    private PipelineException storageFailure(IOException e) {
        return new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                "Cannot open output " + root + ": " + e.getMessage(), e);
    }
}
