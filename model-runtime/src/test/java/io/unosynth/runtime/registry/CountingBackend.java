package io.unosynth.runtime.registry;

import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.ModelBackend;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.spi.ValidatingSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A backend whose "model" doubles its input; it records every load and close, and loads slowly to invite races. */
final class CountingBackend implements BackendProvider, ModelBackend {
    static final ModelSignature SIGNATURE = new ModelSignature(List.of(TensorSpec.of("x", DataType.FLOAT32, -1)),
            List.of(TensorSpec.of("y", DataType.FLOAT32, -1)));

    final List<ModelLoadRequest> loads = new CopyOnWriteArrayList<>();
    final List<ModelSession> closed = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public int rank() {
        return 5;
    }

    @Override
    public ModelBackend create(BackendSettings settings) {
        return this;
    }

    @Override
    public ModelSession load(ModelLoadRequest request) {
        loads.add(request);
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ValidatingSession(request.modelName(), request.device(), SIGNATURE) {
            @Override
            protected Map<String, Tensor> runValidated(Map<String, Tensor> inputs) {
                float[] x = inputs.get("x").toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 2;
                }
                return Map.of("y", Tensor.ofFloats(x, x.length));
            }

            @Override
            protected void closeEngine() {
                closed.add(this);
            }
        };
    }
}
