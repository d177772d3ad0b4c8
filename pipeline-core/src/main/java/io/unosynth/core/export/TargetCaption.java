package io.unosynth.core.export;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caption of a pair's target image, from its subject and scene. Scenes are written about the subject as "it"
 * ("a close-up photo of it on a sandy beach"), so the first standalone "it" becomes "the &lt;subject&gt;"; a scene
 * without one is appended to the subject ("red mug, on a sandy beach").
 */
public final class TargetCaption {
    private static final Pattern IT = Pattern.compile("\\b[Ii]t\\b");
    private static final Pattern LEADING_ARTICLE = Pattern.compile("^(?i)(a|an|the)\\s+");

    private TargetCaption() {}

    public static String of(String subject, String scene) {
        String bare = LEADING_ARTICLE.matcher(subject.strip()).replaceFirst("");
        Matcher it = IT.matcher(scene);
        if (it.find()) {
            return scene.substring(0, it.start()) + "the " + bare + scene.substring(it.end());
        }
        return scene.isBlank() ? subject.strip() : subject.strip() + ", " + scene.strip();
    }
}
