package io.unosynth.core.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of unosynth that wrote an output, recorded in every stats marker. */
public final class CodeVersion {
    private static final String VERSION = load();

    private CodeVersion() {}

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = CodeVersion.class.getResourceAsStream("/io/unosynth/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
