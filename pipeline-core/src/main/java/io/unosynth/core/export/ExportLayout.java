package io.unosynth.core.export;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.util.regex.Pattern;

/**
 * Where an exported pair's images go, relative to the folder of the exported JSON files:
 * {@code images/<pairId>_ref.png} and {@code images/<pairId>_tgt.png}. Deterministic, so a rerun rewrites the same
 * files, and flat, so the layout is the same on a disk and on an object store.
 */
public final class ExportLayout {
    public static final String IMAGES_DIR = "images";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ExportLayout() {}

    public static String referencePath(String pairId) {
        return IMAGES_DIR + "/" + checkedId(pairId) + "_ref.png";
    }

    public static String targetPath(String pairId) {
        return IMAGES_DIR + "/" + checkedId(pairId) + "_tgt.png";
    }

    /** Pair ids become file names: no separators, no leading dot, nothing a shell or URL would mangle. */
    private static String checkedId(String pairId) {
        ValidationException.check(SAFE_ID.matcher(pairId).matches(), PipelineErrorCode.INVALID_INPUT,
                "Invalid pair id for export: '%s' (expected letters, digits, '.', '_' or '-')", pairId);
        return pairId;
    }
}
