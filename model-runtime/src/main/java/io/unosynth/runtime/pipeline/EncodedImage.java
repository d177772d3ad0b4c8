package io.unosynth.runtime.pipeline;

import static java.util.Objects.requireNonNull;

/** An image still in its file format (PNG, JPEG) and the name errors give it (a path, a row key). */
public record EncodedImage(String name, byte[] bytes) {
    public EncodedImage {
        requireNonNull(name, "name is null");
        requireNonNull(bytes, "bytes is null");
    }

    @Override
    public String toString() {
        return "EncodedImage[" + name + ", " + bytes.length + " bytes]";
    }
}
