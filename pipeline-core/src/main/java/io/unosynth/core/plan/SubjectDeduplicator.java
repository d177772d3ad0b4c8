package io.unosynth.core.plan;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes near-duplicate subjects, keeping the first of each group. Two subjects are near-duplicates when their
 * normalised word sets are equal or their Jaccard similarity reaches the threshold. Normalisation: Unicode NFKD
 * with accents dropped, lower case, punctuation to spaces, articles and fillers ("a", "an", "the", "of", "with",
 * "and") removed, and a plural 's' cut from words longer than three letters ("red mugs" = "the red mug").
 */
public final class SubjectDeduplicator {
    private static final Set<String> FILLERS = Set.of("a", "an", "the", "of", "with", "and");

    private final double threshold;

    public SubjectDeduplicator(double threshold) {
        this.threshold = threshold;
    }

    public List<String> distinct(List<String> subjects) {
        List<String> kept = new ArrayList<>();
        List<Set<String>> keptWords = new ArrayList<>();
        for (String subject : subjects) {
            Set<String> words = normalisedWords(subject);
            if (words.isEmpty()) {
                continue;
            }
            boolean duplicate = keptWords.stream().anyMatch(other -> jaccard(words, other) >= threshold);
            if (!duplicate) {
                kept.add(subject);
                keptWords.add(words);
            }
        }
        return kept;
    }

    static Set<String> normalisedWords(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        Set<String> words = new LinkedHashSet<>();
        for (String word : folded.split(" ")) {
            if (word.isEmpty() || FILLERS.contains(word)) {
                continue;
            }
            words.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                    ? word.substring(0, word.length() - 1)
                    : word);
        }
        return words;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }
}
