package io.unosynth.jobs.storage;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.staging.RemoteFile;
import io.unosynth.runtime.staging.RemoteFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Model files on any Hadoop file system (hdfs:, s3a:, ...), for the runtime's once-per-node staging. */
public final class HadoopRemoteFiles implements RemoteFiles, Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableHadoopConf configuration;

    public HadoopRemoteFiles(SerializableHadoopConf configuration) {
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        Path root = new Path(location);
        FileSystem fs = root.getFileSystem(configuration.get());
        FileStatus status = fs.getFileStatus(root);
        if (status.isFile()) {
            return List.of(new RemoteFile(location, root.getName()));
        }
        String base = fs.makeQualified(root).toString();
        String prefix = base.endsWith("/") ? base : base + "/";
        List<RemoteFile> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> iterator = fs.listFiles(root, true);
        while (iterator.hasNext()) {
            String path = iterator.next().getPath().toString();
            if (!path.startsWith(prefix)) {
                throw new FileNotFoundException("Unexpected file " + path + " under " + prefix);
            }
            files.add(new RemoteFile(path, path.substring(prefix.length())));
        }
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        return files;
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        Path path = new Path(fileLocation);
        return path.getFileSystem(configuration.get()).open(path);
    }

    @Override
    public long size(String fileLocation) throws IOException {
        Path path = new Path(fileLocation);
        return path.getFileSystem(configuration.get()).getFileStatus(path).getLen();
    }
}
