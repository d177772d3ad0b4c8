package io.unosynth.runtime.staging;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;

/**
 * One file of a remote model.
 *
 * @param location the file's own location, to {@link RemoteFiles#open} it
 * @param relativePath where it goes below the staged directory, {@code /}-separated, never {@code ..}
 */
public record RemoteFile(String location, String relativePath) {
    public RemoteFile {
        requireNonNull(location, "location is null");
        requireNonNull(relativePath, "relativePath is null");
        Preconditions.checkArgument(!relativePath.isEmpty() && !relativePath.startsWith("/")
                        && !("/" + relativePath + "/").contains("/../"),
                "Invalid relative path of remote file %s: '%s'", location, relativePath);
    }
}
