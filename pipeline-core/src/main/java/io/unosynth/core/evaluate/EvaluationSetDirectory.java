package io.unosynth.core.evaluate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An evaluation set on a file system every executor sees (a local path, or an NFS/shared mount on a cluster): the
 * subject folders and {@value EvaluationSet#PROMPTS_FILE} of {@link EvaluationSet}.
 */
public record EvaluationSetDirectory(Path root) {
    public EvaluationSetDirectory {
        requireNonNull(root, "root is null");
    }

    /** Reads the prompts table and lists each subject folder's photos; fails naming the missing file or folder. */
    public EvaluationSet load() {
        Path prompts = root.resolve(EvaluationSet.PROMPTS_FILE);
        if (!Files.isRegularFile(prompts)) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid evaluation set " + root
                    + ": no " + EvaluationSet.PROMPTS_FILE + " (expected a folder per subject and "
                    + EvaluationSet.PROMPTS_FILE + ")");
        }
        Map<String, List<String>> photos = new TreeMap<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path folder : entries.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    photos.put(folder.getFileName().toString(), files.map(file -> file.getFileName().toString())
                            .filter(EvaluationSet::isPhoto).sorted().toList());
                }
            }
            return new EvaluationSet(photos, EvaluationSet.parsePrompts(Files.readString(prompts),
                    prompts.toString()));
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot read evaluation set " + root
                    + ": " + e.getMessage(), e);
        }
    }

    /** The decoded photos of {@code subject}, in name order. */
    public List<RgbImage> photos(EvaluationSet set, String subject) {
        List<RgbImage> images = new ArrayList<>();
        for (String name : requireNonNull(set.photos().get(subject), () -> "no subject " + subject)) {
            Path file = root.resolve(subject).resolve(name);
            try {
                images.add(ImageCodec.decode(Files.readAllBytes(file), file.toString()));
            } catch (IOException e) {
                throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot read evaluation photo " + file
                        + ": " + e.getMessage(), e);
            }
        }
        return images;
    }
}
