package io.unosynth.trainer.serve;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.error.ValidationException;
import io.unosynth.trainer.TrainConfig;
import io.unosynth.trainer.dit.DiTParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code dit.properties} of a {@code dit} model directory: the DiT's sizes, where its base weights are, and
 * which LoRA (UNO's {@code dit_lora.safetensors} layout) goes on top, at what scale.
 * <pre>
 *   dit = flux-dev                      # a preset (flux-dev | miniature); each dit.* key below overrides it
 *   dit.context-in-dim = 4096           # ... and the other FluxParams fields, kebab-case
 *   base = s3a://bucket/flux1-dev.safetensors   # local path (relative = to this directory), file:, hdfs:, s3a:
 *   lora = dit_lora.safetensors         # relative to this directory; empty = the base alone
 *   lora.rank = 512                     # checked against the file; 0 = as the file has it
 *   lora.scale = 1.0                    # UNO adds the LoRA unscaled
 * </pre>
 *
 * @param lora the LoRA file name in the model directory, empty for none
 * @param loraRank the expected rank, 0 to take the file's
 */
public record DitModelDescriptor(DiTParams params, String base, String lora, int loraRank, double loraScale) {
    public static final String FILE_NAME = "dit.properties";
    public static final String PRESET = "dit";
    public static final TrainConfig.DitSize PRESET_DEFAULT = TrainConfig.DitSize.FLUX_DEV;
    public static final String BASE = "base";
    public static final String LORA = "lora";
    public static final String LORA_DEFAULT = "";
    public static final String LORA_RANK = "lora.rank";
    public static final int LORA_RANK_DEFAULT = 0;
    public static final String LORA_SCALE = "lora.scale";
    public static final double LORA_SCALE_DEFAULT = 1.0;

    public DitModelDescriptor {
        requireNonNull(params, "params is null");
        requireNonNull(base, "base is null");
        requireNonNull(lora, "lora is null");
        Preconditions.checkArgument(!base.isBlank(), "Invalid dit model: no base weights");
        Preconditions.checkArgument(loraRank >= 0, "Invalid LoRA rank: %s", loraRank);
        Preconditions.checkArgument(Double.isFinite(loraScale), "Invalid LoRA scale: %s", loraScale);
    }

    /** Reads {@code file}; errors name the file and the key. Unknown keys are refused (a typo is not ignored). */
    public static DitModelDescriptor read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot read dit model descriptor " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        List<ConfigEntry> entries = new ArrayList<>();
        String origin = file.toAbsolutePath().toString();
        properties.stringPropertyNames().forEach(key -> entries.add(
                new ConfigEntry(key, properties.getProperty(key).strip(), origin)));
        ConfigValues values = new ConfigValues(entries);
        DiTParams preset = values.enumValue(PRESET, TrainConfig.DitSize.class, PRESET_DEFAULT).params();
        DiTParams params = new DiTParams(
                values.intAtLeast("dit.in-channels", preset.inChannels(), 1),
                values.intAtLeast("dit.out-channels", preset.outChannels(), 1),
                values.intAtLeast("dit.vec-in-dim", preset.vecInDim(), 1),
                values.intAtLeast("dit.context-in-dim", preset.contextInDim(), 1),
                values.intAtLeast("dit.hidden-size", preset.hiddenSize(), 1),
                values.doubleIn("dit.mlp-ratio", preset.mlpRatio(), 0.0, 64.0),
                values.intAtLeast("dit.num-heads", preset.numHeads(), 1),
                values.intAtLeast("dit.depth", preset.depth(), 0),
                values.intAtLeast("dit.depth-single-blocks", preset.depthSingleBlocks(), 0),
                values.list("dit.axes-dim", preset.axesDim().stream().map(String::valueOf).toList()).stream()
                        .map(dim -> parseInt(values, "dit.axes-dim", dim)).toList(),
                values.intAtLeast("dit.theta", preset.theta(), 1),
                values.bool("dit.qkv-bias", preset.qkvBias()),
                values.bool("dit.guidance-embed", preset.guidanceEmbed()));
        String base = values.string(BASE, "");
        if (base.isEmpty()) {
            throw values.invalid(BASE, "expected the base weights (.safetensors): a path relative to the model "
                    + "directory, an absolute path, or a file:, hdfs: or s3a: URI");
        }
        DitModelDescriptor descriptor = new DitModelDescriptor(params, base, values.string(LORA, LORA_DEFAULT),
                values.intAtLeast(LORA_RANK, LORA_RANK_DEFAULT, 0),
                values.doubleIn(LORA_SCALE, LORA_SCALE_DEFAULT, -1e3, 1e3));
        values.checkAllConsumed();
        return descriptor;
    }

    /** Every key, the sizes written out in full, in a fixed order: equal descriptors give equal bytes. */
    public void write(OutputStream out) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("dit.in-channels", String.valueOf(params.inChannels()));
        keys.put("dit.out-channels", String.valueOf(params.outChannels()));
        keys.put("dit.vec-in-dim", String.valueOf(params.vecInDim()));
        keys.put("dit.context-in-dim", String.valueOf(params.contextInDim()));
        keys.put("dit.hidden-size", String.valueOf(params.hiddenSize()));
        keys.put("dit.mlp-ratio", String.valueOf(params.mlpRatio()));
        keys.put("dit.num-heads", String.valueOf(params.numHeads()));
        keys.put("dit.depth", String.valueOf(params.depth()));
        keys.put("dit.depth-single-blocks", String.valueOf(params.depthSingleBlocks()));
        keys.put("dit.axes-dim", String.join(",", params.axesDim().stream().map(String::valueOf).toList()));
        keys.put("dit.theta", String.valueOf(params.theta()));
        keys.put("dit.qkv-bias", String.valueOf(params.qkvBias()));
        keys.put("dit.guidance-embed", String.valueOf(params.guidanceEmbed()));
        keys.put(BASE, base);
        keys.put(LORA, lora);
        keys.put(LORA_RANK, String.valueOf(loraRank));
        keys.put(LORA_SCALE, String.valueOf(loraScale));
        StringBuilder text = new StringBuilder("# A unosynth dit model: FLUX-architecture DiT sizes, base weights, "
                + "UNO LoRA.\n# Serve it with models.<name>.backend = dit, models.<name>.location = this directory.\n");
        keys.forEach((key, value) -> text.append(key).append(" = ").append(escape(value)).append('\n'));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String value) {
        // java.util.Properties reads a backslash as an escape; URIs and paths keep theirs doubled.
        return value.replace("\\", "\\\\");
    }

    private static int parseInt(ConfigValues values, String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw values.invalid(key, "expected comma-separated integers (rotary dimensions per position axis)");
        }
    }
}
