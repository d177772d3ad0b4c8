package io.unosynth.runtime.demo;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: one ONNX Runtime session on a model file, fed from plain arrays, outputs copied out. */
final class OrtRunner implements AutoCloseable {
    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();

    OrtRunner(Path model) throws OrtException {
        this.session = ENVIRONMENT.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    /** A float output: shape and flat values. */
    record Output(long[] shape, float[] values) {}

    Map<String, NodeInfo> inputInfo() throws OrtException {
        return session.getInputInfo();
    }

    Map<String, NodeInfo> outputInfo() throws OrtException {
        return session.getOutputInfo();
    }

    OrtRunner floats(String name, float[] values, long... shape) throws OrtException {
        inputs.put(name, OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(values), shape));
        return this;
    }

    OrtRunner longs(String name, long[] values, long... shape) throws OrtException {
        inputs.put(name, OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(values), shape));
        return this;
    }

    /** Runs with the inputs set so far (then forgets them) and returns every output. */
    Map<String, Output> run() throws OrtException {
        Map<String, Output> outputs = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(inputs)) {
            for (Map.Entry<String, OnnxValue> entry : result) {
                OnnxTensor tensor = (OnnxTensor) entry.getValue();
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                outputs.put(entry.getKey(), new Output(((TensorInfo) tensor.getInfo()).getShape(), values));
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            inputs.clear();
        }
        return outputs;
    }

    static float[] random(long seed, int count) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static float[] row(float[] values, int row, int width) {
        return Arrays.copyOfRange(values, row * width, (row + 1) * width);
    }

    static double cosine(float[] a, float[] b) {
        return io.unosynth.runtime.contracts.dino.DinoEmbedder.cosine(a, b);
    }

    @Override
    public void close() throws OrtException {
        inputs.values().forEach(OnnxTensor::close);
        session.close();
    }
}
