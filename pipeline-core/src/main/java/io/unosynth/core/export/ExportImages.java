package io.unosynth.core.export;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a pair's two PNGs, as generated (no re-encoding), to the paths of {@link ExportLayout}. */
public final class ExportImages {
    private ExportImages() {}

    public static void write(ExportPair pair, ExportSink sink) throws IOException {
        try (OutputStream out = sink.create(pair.referencePath())) {
            out.write(pair.pair().referencePng());
        }
        try (OutputStream out = sink.create(pair.targetPath())) {
            out.write(pair.pair().targetPng());
        }
    }
}
