package io.unosynth.runtime.staging;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Sends {@code demo:} locations to the built-in demo bundle and every other location to the given store. */
public final class RoutingRemoteFiles implements RemoteFiles {
    private final RemoteFiles demo = new DemoModelFiles();
    private final RemoteFiles store;

    public RoutingRemoteFiles(RemoteFiles store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public List<RemoteFile> list(String location) throws IOException {
        return route(location).list(location);
    }

    @Override
    public InputStream open(String fileLocation) throws IOException {
        return route(fileLocation).open(fileLocation);
    }

    @Override
    public long size(String fileLocation) throws IOException {
        return route(fileLocation).size(fileLocation);
    }

    private RemoteFiles route(String location) {
        return location.startsWith(ModelsConfig.DEMO_SCHEME + ":") ? demo : store;
    }
}
