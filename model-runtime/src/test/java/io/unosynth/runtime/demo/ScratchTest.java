package io.unosynth.runtime.demo;

import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.nio.file.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void embedder() throws Exception {
        Path f = Files.createTempFile("emb", ".onnx");
        long t0 = System.nanoTime();
        DinoEmbedder.write(DinoEmbedder.Params.DEMO, 1, f);
        System.out.println("write ms " + (System.nanoTime() - t0) / 1e6 + " size " + Files.size(f));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(f.toString(), new OrtSession.SessionOptions())) {
            System.out.println(s.getInputInfo() + "\n" + s.getOutputInfo());
            float[] data = new float[2 * 3 * 224 * 224];
            for (int i = 0; i < data.length; i++) data[i] = (float) Math.sin(i);
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {2, 3, 224, 224});
                 OrtSession.Result r = s.run(java.util.Map.of("pixel_values", t))) {
                for (var e : r) System.out.println(e.getKey() + " " + e.getValue().getInfo());
                float[][] pooled = (float[][]) r.get("pooler_output").get().getValue();
                System.out.println(java.util.Arrays.toString(java.util.Arrays.copyOf(pooled[0], 5)));
            }
        }
    }
}
