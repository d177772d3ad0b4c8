package io.unosynth.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real photographs committed as test fixtures (see the README beside them); shared through the test-jar. */
public final class Photos {
    public static final String ASTRONAUT = "astronaut";
    public static final String CHELSEA = "chelsea";
    public static final String COFFEE = "coffee";
    public static final String MOTORCYCLE_LEFT = "motorcycle_left";
    public static final String MOTORCYCLE_RIGHT = "motorcycle_right";
    public static final String ROCKET = "rocket";

    private Photos() {}

    public static byte[] png(String name) {
        String resource = "/io/unosynth/core/fixtures/photos/" + name + ".png";
        try (InputStream in = Photos.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No photo fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RgbImage load(String name) {
        return ImageCodec.decode(png(name), name);
    }
}
