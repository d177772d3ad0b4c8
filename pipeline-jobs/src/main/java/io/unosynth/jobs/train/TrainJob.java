package io.unosynth.jobs.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.encode.EncodeJob;
import io.unosynth.jobs.encode.EncodedRowColumns;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.storage.HadoopCheckpointStore;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.runtime.djl.DjlEngine;
import io.unosynth.runtime.staging.ModelStager;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.DiTParams;
import io.unosynth.trainer.dit.FluxDiT;
import io.unosynth.trainer.dit.RandomBase;
import io.unosynth.trainer.dit.Weights;
import io.unosynth.trainer.lora.UnoLora;
import io.unosynth.trainer.safetensors.SafetensorsFile;
import io.unosynth.trainer.serve.DitBackend;
import io.unosynth.trainer.serve.DitModelDescriptor;
import io.unosynth.trainer.safetensors.TensorDtype;
import io.unosynth.trainer.train.EncodedPair;
import io.unosynth.trainer.train.EncodedPairs;
import io.unosynth.trainer.train.FlowMatchingTrainer;
import io.unosynth.trainer.train.TrainingCheckpoint;
import io.unosynth.trainer.train.TrainingRecorder;
import io.unosynth.trainer.train.TrainingSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code unosynth train --stage 1|2}: UNO's LoRA training of the DiT on the encode stage's shards, in one JVM
 * (the trainer is not a Spark job). Stage I trains on the pairs with one reference; Stage II on the sets with two
 * to four, each batch of one reference count and bucket, starting from Stage I's
 * {@code <out>/train/stage-1/dit_lora.safetensors}. Checkpoints go to
 * {@code <out>/train/stage-<n>/checkpoint-<step>/}; a rerun resumes from the newest complete one. At the end the LoRA
 * is written to {@code <out>/train/stage-<n>/dit_lora.safetensors} in UNO's key layout, and the servable model
 * to {@code <out>/train/stage-<n>/model/} (a {@code dit} backend location: descriptor, LoRA, base by URI). Each step's
 * loss and wall time go to {@code <out>/train/stage-<n>/steps.csv} (the report's loss curve).
 */
public final class TrainJob {
    public static final String STAGE = "train";
    public static final String LORA_FILE = "dit_lora.safetensors";
    public static final String DEMO_BASE_FILE = "demo-base.safetensors";
    /** The servable model directory in each stage's directory: {@code models.<name>.backend = dit} loads it. */
    public static final String MODEL_DIRECTORY = "model";

    /**
     * The steps this run made: from {@code firstStep} (a resumed run's checkpoint) to {@code lastStep}.
     *
     * @param model the servable model directory ({@code dit.properties}, the LoRA, the base by URI)
     */
    public record Result(long firstStep, long lastStep, int pairs, String lora, String model) {}

    private TrainJob() {}

    public static String stageDirectory(String output, int stage) {
        return output + "/" + STAGE + "/stage-" + stage;
    }

    /** The servable model a finished {@code train --stage <n>} leaves: {@code models.<name>.location} for backend dit. */
    public static String modelDirectory(String output, int stage) {
        return stageDirectory(output, stage) + "/" + MODEL_DIRECTORY;
    }

    public static Result run(UnosynthConfig config, TrainConfig train, int stage, Configuration hadoop,
            PrintStream console) throws IOException {
        if (stage != 1 && stage != 2) {
            throw new PipelineException(PipelineErrorCode.INVALID_CONFIG,
                    "Invalid --stage " + stage + ": 1 (single-subject pairs) or 2 (multi-subject sets)");
        }
        String output = config.run().output();
        StageStorage storage = new HadoopStageStorage(output, hadoop);
        // Stage I: single-subject pairs; Stage II: every multi-subject set, one reference count per batch.
        int fewest = stage == 1 ? 1 : 2;
        int most = stage == 1 ? 1 : ExpandConfig.MAX_REFERENCES;
        List<EncodedPair> pairs = EncodedPairs.withReferences(readEncoded(storage, hadoop), fewest, most);
        String references = fewest == most ? String.valueOf(fewest) : fewest + "-" + most;
        if (pairs.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot train stage " + stage + ": "
                    + storage.describe() + "/" + EncodeJob.STAGE + " has no encoded pair with " + references
                    + " reference(s)" + (stage == 2 ? " (Stage II needs the multi-subject sets encoded)" : ""));
        }
        Map<Integer, Long> byCount = new TreeMap<>(pairs.stream().collect(Collectors.groupingBy(
                pair -> pair.references().size(), Collectors.counting())));
        EmptyPromptEmbeddings empty = readEmptyPrompt(storage);
        TrainingSet data = EncodedPairs.trainingSet(pairs, empty);
        int textWidth = empty.t5().shape().get(1);
        int pooledWidth = empty.clip().shape().get(0);
        boolean demo = train.base().isEmpty();
        DiTParams params = demo ? DiTParams.MINIATURE.withTextWidths(textWidth, pooledWidth) : train.dit().params();
        if (params.contextInDim() != textWidth || params.vecInDim() != pooledWidth) {
            throw new PipelineException(PipelineErrorCode.INVALID_CONFIG, "Invalid " + TrainConfig.DIT + " ("
                    + train.dit() + "): it takes T5 width " + params.contextInDim() + " and CLIP width "
                    + params.vecInDim() + ", the encoded prompts have " + textWidth + " and " + pooledWidth);
        }
        HadoopCheckpointStore trainRoot = new HadoopCheckpointStore(output + "/" + STAGE, hadoop);
        String baseLocation = demo ? writeDemoBase(trainRoot, params, train.seed()) : train.base();
        Path baseFile = new ModelStager(config.models().resolveCacheDir(),
                new HadoopRemoteFiles(new SerializableHadoopConf(hadoop))).stage(TrainConfig.BASE, baseLocation, "");
        console.printf("[%s] stage %d: %d pairs with %s reference(s) %s; base %s%s%n", STAGE, stage, pairs.size(),
                references, byCount, baseLocation,
                demo ? " (DEMO: a seeded RANDOM miniature DiT, not a trained model)" : "");

        HadoopCheckpointStore store = new HadoopCheckpointStore(stageDirectory(output, stage), hadoop);
        // offline: libtorch from the classpath
        Engine engine = DjlEngine.start(config.models().resolveEngineCacheDir());
        // Data parallel over this node's devices: the base and the master LoRA on the first, replicas on the rest.
        List<Device> devices = train.devices().resolve(engine);
        console.printf("[%s] %s %s: %d replica(s), each micro-batch of %d split across them%n", STAGE,
                TrainConfig.DEVICES, devices, devices.size(), train.batchSize());
        FluxDiT dit = new FluxDiT(params);
        try (NDManager manager = NDManager.newBaseManager(devices.get(0));
                SafetensorsFile baseWeights = SafetensorsFile.open(baseFile)) {
            Weights base = Weights.load(baseWeights, dit.parameterShapes(), manager, train.precision().baseType());
            FlowMatchingTrainer trainer;
            if (stage == 2 && TrainingCheckpoint.latest(store).isEmpty()) {
                UnoLora stageOne = stageOneLora(new HadoopCheckpointStore(stageDirectory(output, 1), hadoop), params,
                        manager);
                console.printf("[%s] stage 2 starts from the Stage I LoRA %s/%s%n", STAGE,
                        stageDirectory(output, 1), LORA_FILE);
                trainer = FlowMatchingTrainer.start(dit, base, data, train, stageOne, manager);
            } else {
                trainer = TrainingCheckpoint.resume(dit, base, data, train, store, manager);
            }
            long firstStep = trainer.currentStep();
            if (firstStep > 0) {
                console.printf("[%s] resumed from %s/%s%n", STAGE, store.describe(),
                        TrainingCheckpoint.directory(firstStep));
            }
            trainer.train(store, TrainingRecorder.open(store, train.maxSteps(), train.checkpointSteps(), firstStep,
                    console::println, System::nanoTime));
            try (OutputStream out = store.create(LORA_FILE)) {
                trainer.lora().save(out, TensorDtype.F32);
            }
            String lora = store.describe() + "/" + LORA_FILE;
            console.printf("[%s] stage %d: steps %d..%d; LoRA (UNO's dit_lora layout) -> %s%n", STAGE, stage,
                    firstStep, trainer.currentStep(), lora);
            String model = writeModel(store, params, qualified(baseLocation, hadoop), trainer.lora());
            console.printf("[%s] stage %d: servable model -> %s (models.<name>.backend = %s, .location = it)%n",
                    STAGE, stage, model, DitBackend.NAME);
            return new Result(firstStep, trainer.currentStep(), pairs.size(), lora, model);
        }
    }

    /**
     * {@code <stage>/model/}: the LoRA (same bytes as the stage's) and, written last so a directory without it is
     * not a model, {@code dit.properties} with the DiT's sizes and the base by absolute URI.
     */
    private static String writeModel(HadoopCheckpointStore stage, DiTParams params, String base, UnoLora lora)
            throws IOException {
        try (OutputStream out = stage.create(MODEL_DIRECTORY + "/" + LORA_FILE)) {
            lora.save(out, TensorDtype.F32);
        }
        DitModelDescriptor descriptor = new DitModelDescriptor(params, base, LORA_FILE, lora.rank(),
                UnoLora.LORA_WEIGHT);
        try (OutputStream out = stage.create(MODEL_DIRECTORY + "/" + DitModelDescriptor.FILE_NAME)) {
            descriptor.write(out);
        }
        return stage.describe() + "/" + MODEL_DIRECTORY; // = modelDirectory(output, stage)
    }

    /** The base as a URI that names it from anywhere ({@code file:/abs/...}, {@code hdfs://nn/...}, s3a: as given). */
    private static String qualified(String location, Configuration hadoop) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        return path.getFileSystem(hadoop).makeQualified(path).toString();
    }

    /** Every row of the finished encode shards, then of the encode-sets shards (expand's sets) if any. */
    static List<EncodedRow> readEncoded(StageStorage storage, Configuration hadoop) {
        UpstreamMarkers encoded = UpstreamMarkers.read(storage, EncodeJob.STAGE);
        if (encoded.shards().isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot train: " + storage.describe() + "/"
                    + EncodeJob.STAGE + " has no finished shard (run `unosynth encode` first)");
        }
        List<EncodedRow> rows = new ArrayList<>();
        read(encoded, hadoop, rows);
        if (hasShards(storage, EncodeJob.SETS_STAGE)) {
            read(UpstreamMarkers.read(storage, EncodeJob.SETS_STAGE), hadoop, rows);
        }
        return rows;
    }

    private static boolean hasShards(StageStorage storage, String stage) {
        try {
            return !storage.list(stage + "/" + ShardLayout.MARKERS).isEmpty();
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot list the shards of stage '" + stage + "' in " + storage.describe() + ": " + e, e);
        }
    }

    private static void read(UpstreamMarkers encoded, Configuration hadoop, List<EncodedRow> rows) {
        for (ShardStats shard : encoded.shards()) {
            try (ParquetShardReader<EncodedRow> part = ParquetShardReader.open(encoded.file(shard), hadoop,
                    EncodedRowColumns::fromGroup)) {
                part.forEach(rows::add);
            }
        }
    }

    private static EmptyPromptEmbeddings readEmptyPrompt(StageStorage storage) throws IOException {
        String path = EncodeJob.STAGE + "/" + EmptyPromptEmbeddings.FILE_NAME;
        if (!storage.exists(path)) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot train: " + storage.describe() + "/"
                    + path + " is missing (rerun `unosynth encode`)");
        }
        try (InputStream in = storage.open(path)) {
            return EmptyPromptEmbeddings.fromJson(in.readAllBytes(), storage.describe() + "/" + path);
        }
    }

    /** The demo's random base, written once beside the stages; byte-identical for the same sizes and seed. */
    private static String writeDemoBase(HadoopCheckpointStore trainRoot, DiTParams params, long seed)
            throws IOException {
        if (!trainRoot.exists(DEMO_BASE_FILE)) {
            try (OutputStream out = trainRoot.create(DEMO_BASE_FILE)) {
                RandomBase.write(params, seed, out);
            }
        }
        return trainRoot.describe() + "/" + DEMO_BASE_FILE;
    }

    private static UnoLora stageOneLora(HadoopCheckpointStore stageOne, DiTParams params, NDManager manager)
            throws IOException {
        if (!stageOne.exists(LORA_FILE)) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot start Stage II: no Stage I LoRA at "
                    + stageOne.describe() + "/" + LORA_FILE + " (run `unosynth train --stage 1` first)");
        }
        // Safetensors are memory-mapped: a remote file is copied to local disk first.
        Path local = Files.createTempFile("unosynth-stage1", ".safetensors");
        try {
            try (InputStream in = stageOne.open(LORA_FILE)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            try (SafetensorsFile file = SafetensorsFile.open(local)) {
                return UnoLora.load(file, params, manager);
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
