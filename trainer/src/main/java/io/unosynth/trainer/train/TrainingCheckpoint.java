package io.unosynth.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.TorchTensors;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import io.unosynth.trainer.safetensors.SafetensorsWriter;
import io.unosynth.trainer.safetensors.TensorDtype;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resumable training state under {@code checkpoint-<step>/}, in UNO's layout where UNO has one:
 * {@code dit_lora.safetensors} (UNO's LoRA keys, float32, loadable by UNO's inference),
 * {@code dit_lora_ema.safetensors}
 * (with EMA), {@code optimizer.safetensors} ({@code exp_avg.<key>}, {@code exp_avg_sq.<key>}) and
 * {@code trainer_state.json} (step, samples consumed, seed, optimizer step count). The state file is written last:
 * a checkpoint without it is incomplete and ignored. The random state is (seed, samples consumed): every draw of a
 * sample is derived from them, so resuming continues bit-identically.
 */
public final class TrainingCheckpoint {
    static final String PREFIX = "checkpoint-";
    static final String LORA_FILE = "dit_lora.safetensors";
    static final String EMA_FILE = "dit_lora_ema.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String STATE_FILE = "trainer_state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCheckpoint() {}

    public static String directory(long step) {
        return PREFIX + step;
    }

    public static void save(FlowMatchingTrainer trainer, CheckpointStore store) throws IOException {
        String dir = directory(trainer.currentStep()) + "/";
        try (OutputStream out = store.create(dir + LORA_FILE)) {
            trainer.lora().save(out, TensorDtype.F32);
        }
        if (trainer.ema() != null) {
            try (OutputStream out = store.create(dir + EMA_FILE)) {
                trainer.ema().save(out, TensorDtype.F32);
            }
        }
        SafetensorsWriter optimizer = new SafetensorsWriter(Map.of());
        AdamW adam = trainer.optimizer();
        adam.firstMoments().forEach((key, m) -> optimizer.add("exp_avg." + key, TensorDtype.F32,
                m.getShape().getShape(), m.toFloatArray()));
        adam.secondMoments().forEach((key, v) -> optimizer.add("exp_avg_sq." + key, TensorDtype.F32,
                v.getShape().getShape(), v.toFloatArray()));
        try (OutputStream out = store.create(dir + OPTIMIZER_FILE)) {
            optimizer.writeTo(out);
        }
        TrainConfig config = trainer.config();
        ObjectNode state = JSON.createObjectNode()
                .put("step", trainer.currentStep())
                .put("samples_consumed", trainer.currentStep() * config.samplesPerStep())
                .put("seed", config.seed())
                .put("samples_per_step", config.samplesPerStep())
                .put("optimizer_steps", adam.steps())
                .put("lora_rank", trainer.lora().rank());
        try (OutputStream out = store.create(dir + STATE_FILE)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        }
    }

    /**
     * The newest complete checkpoint's step, if any: one whose state file is whole. A process killed while writing
     * the state file leaves it empty or cut short (on a local disk or HDFS a file is visible while it is written),
     * and such a checkpoint is as incomplete as one without it.
     */
    public static Optional<Long> latest(CheckpointStore store) throws IOException {
        Optional<Long> latest = Optional.empty();
        for (String name : store.list("")) {
            if (name.startsWith(PREFIX) && name.substring(PREFIX.length()).matches("\\d+")) {
                long step = Long.parseLong(name.substring(PREFIX.length()));
                if ((latest.isEmpty() || step > latest.get()) && complete(store, name + "/" + STATE_FILE, step)) {
                    latest = Optional.of(step);
                }
            }
        }
        return latest;
    }

    /** Whether the state file at {@code path} exists and is the whole JSON object of step {@code step}. */
    private static boolean complete(CheckpointStore store, String path, long step) throws IOException {
        if (!store.exists(path)) {
            return false;
        }
        JsonNode state;
        try (InputStream in = store.open(path)) {
            state = JSON.readTree(in.readAllBytes());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
        return state != null && state.isObject() && state.path("step").asLong(-1) == step
                && state.has("lora_rank"); // the last field written
    }

    /** Continues from the newest checkpoint in {@code store}, or starts fresh when it has none. */
    public static FlowMatchingTrainer resume(FluxDiT dit, Weights base, TrainingSet data, TrainConfig config,
            CheckpointStore store, NDManager manager) throws IOException {
        Optional<Long> latest = latest(store);
        if (latest.isEmpty()) {
            return FlowMatchingTrainer.start(dit, base, data, config, null, manager);
        }
        String dir = directory(latest.get()) + "/";
        JsonNode state;
        try (InputStream in = store.open(dir + STATE_FILE)) {
            state = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        check(state.path("seed").asLong() == config.seed(), "Cannot resume from %s: it was trained with seed %s, "
                + "the config says %s", dir, state.path("seed").asLong(), config.seed());
        check(state.path("samples_per_step").asInt() == config.samplesPerStep(), "Cannot resume from %s: it took %s "
                + "samples per step, the config %s", dir, state.path("samples_per_step").asInt(),
                config.samplesPerStep());
        UnoLora lora = withLocalCopy(store, dir + LORA_FILE, file -> UnoLora.load(file, dit.params(), manager));
        Map<String, NDArray> first = new LinkedHashMap<>();
        Map<String, NDArray> second = new LinkedHashMap<>();
        withLocalCopy(store, dir + OPTIMIZER_FILE, file -> {
            for (String key : lora.tensors().keySet()) {
                first.put(key, read(file, "exp_avg." + key, manager));
                second.put(key, read(file, "exp_avg_sq." + key, manager));
            }
            return null;
        });
        AdamW optimizer = new AdamW(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
                config.weightDecay());
        optimizer.initialize(lora.tensors(), manager, first, second, state.path("optimizer_steps").asLong());
        Map<String, NDArray> ema = null;
        if (config.ema()) {
            check(store.exists(dir + EMA_FILE), "Cannot resume from %s: EMA is on but it has no %s", dir, EMA_FILE);
            ema = new LinkedHashMap<>(withLocalCopy(store, dir + EMA_FILE,
                    file -> UnoLora.load(file, dit.params(), manager)).tensors());
        }
        return new FlowMatchingTrainer(dit, base, data, config, lora, optimizer, ema, state.path("step").asLong());
    }

    private static NDArray read(SafetensorsFile file, String key, NDManager manager) throws IOException {
        return TorchTensors.of(manager, file.readFloats(key), new Shape(file.entry(key).shape()));
    }

    private interface FileReader<T> {
        T read(SafetensorsFile file) throws IOException;
    }

    /** Safetensors are memory-mapped, so a remote file is copied to a local temporary file first. */
    private static <T> T withLocalCopy(CheckpointStore store, String path, FileReader<T> reader) throws IOException {
        Path local = Files.createTempFile("unosynth-checkpoint", ".safetensors");
        try {
            try (InputStream in = store.open(path)) {
                Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (SafetensorsFile file = SafetensorsFile.open(local)) {
                return reader.read(file);
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static void check(boolean test, String format, Object... args) {
        if (!test) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, String.format(format, args));
        }
    }
}
