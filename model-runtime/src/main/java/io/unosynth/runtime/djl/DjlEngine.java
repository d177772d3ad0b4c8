package io.unosynth.runtime.djl;

import ai.djl.engine.Engine;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.spi.Device;
import java.nio.file.Path;

/**
 * Starts DJL's PyTorch engine offline. DJL reads its settings from JVM system properties when the engine first
 * starts, so they are set here, before that. Offline mode and the telemetry opt-out are forced; the cache
 * directories keep a value a launcher already set, and otherwise the first backend's directory wins for the JVM.
 * Other modules' DJL backends (the trainer's {@code dit}) start the engine here too.
 */
public final class DjlEngine {
    static final String NATIVE_ARTIFACT = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 (classifier)";
    static final String JNI_ARTIFACT = "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";
    /** Present in the native jar: DJL extracts libtorch from the classpath instead of downloading it. */
    private static final String NATIVE_MARKER = "native/lib/pytorch.properties";
    private static final String JNI_MARKER = "jnilib/pytorch.properties";

    private DjlEngine() {}

    public static synchronized Engine start(Path engineCacheDir) {
        checkNativesOnClasspath(DjlEngine.class.getClassLoader());
        System.setProperty("ai.djl.offline", "true"); // forced: natives and models are never downloaded
        System.setProperty("OPT_OUT_TRACKING", "true"); // forced: no telemetry call at engine start
        setIfAbsent("ENGINE_CACHE_DIR", engineCacheDir.toAbsolutePath().toString());
        setIfAbsent("DJL_CACHE_DIR", engineCacheDir.toAbsolutePath().toString());
        try {
            return Engine.getEngine(DjlBackend.ENGINE_NAME);
        } catch (RuntimeException | LinkageError e) {
            throw unavailable("the engine failed to start (engine cache " + System.getProperty("ENGINE_CACHE_DIR")
                    + " must be writable, with ~450 MB free; natives from " + NATIVE_ARTIFACT + " and "
                    + JNI_ARTIFACT + "): " + e, e);
        }
    }

    /** Fails naming the artifact that is missing, instead of letting DJL try (and, offline, fail) a download. */
    static void checkNativesOnClasspath(ClassLoader loader) {
        if (loader.getResource(NATIVE_MARKER) == null) {
            throw unavailable("libtorch is not on the classpath; add " + NATIVE_ARTIFACT, null);
        }
        if (loader.getResource(JNI_MARKER) == null) {
            throw unavailable("DJL's JNI bridge is not on the classpath; add " + JNI_ARTIFACT, null);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static PipelineException unavailable(String reason, Throwable cause) {
        return new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE,
                "Cannot start DJL's PyTorch engine: " + reason, cause);
    }

    /** The DJL device of {@code device}; a GPU libtorch does not see fails naming the model and what to change. */
    public static ai.djl.Device device(String model, Engine engine, Device device) {
        if (!device.isGpu()) {
            return ai.djl.Device.cpu();
        }
        int gpus = engine.getGpuCount();
        if (device.ordinal() >= gpus) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Cannot run model '" + model + "' on "
                    + device + " with DJL: libtorch sees " + gpus + " GPU(s); a GPU needs a CUDA build of "
                    + "ai.djl.pytorch:pytorch-native-cu* instead of " + NATIVE_ARTIFACT
                    + ", or set the model's device to cpu");
        }
        return ai.djl.Device.gpu(device.ordinal());
    }
}
