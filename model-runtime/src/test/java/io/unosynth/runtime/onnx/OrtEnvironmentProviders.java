package io.unosynth.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

/** Whether this build of ONNX Runtime carries the CUDA execution provider (the GPU artifact). */
final class OrtEnvironmentProviders {
    private OrtEnvironmentProviders() {}

    static boolean hasCuda() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }
}
