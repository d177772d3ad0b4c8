package io.unosynth.core.expand;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The expand stage's funnel, from what its shards record (inputs, failure reasons, the sets' N): selected pairs ->
 * pairs with a detection -> pairs with extra subjects chosen -> references made (regenerated, or cropped) ->
 * references verified (kept) -> sets, by N.
 */
public record ExpandFunnel(long pairs, long detected, long chosen, long referencesMade, long referencesKept,
        long sets, SortedMap<Integer, Long> setsByN) {
    public ExpandFunnel {
        setsByN = new TreeMap<>(setsByN);
    }

    /**
     * @param pairs selected pairs the stage read
     * @param failures the stage's failure histogram
     * @param setsByN sets written, by N
     */
    public static ExpandFunnel of(long pairs, Map<String, Long> failures, Map<Integer, Long> setsByN) {
        long detected = pairs - failures.getOrDefault(SubjectRules.NO_DETECTION, 0L)
                - failures.getOrDefault(ExpandShardWork.UNDECODABLE, 0L);
        long chosen = detected - failures.getOrDefault(SubjectRules.ONLY_SUBJECT, 0L)
                - failures.getOrDefault(SubjectRules.NO_BOX_WITHIN_RULES, 0L);
        long kept = 0;
        long sets = 0;
        for (Map.Entry<Integer, Long> entry : setsByN.entrySet()) {
            kept += (entry.getKey() - 1) * entry.getValue();
            sets += entry.getValue();
        }
        long made = kept + failures.getOrDefault(ExpandShardWork.SIMILARITY_OUT_OF_BAND, 0L);
        return new ExpandFunnel(pairs, detected, chosen, made, kept, sets, new TreeMap<>(setsByN));
    }

    public String render() {
        StringBuilder byN = new StringBuilder();
        setsByN.forEach((n, count) -> byN.append(byN.length() == 0 ? "" : ", ").append("N=").append(n).append(": ")
                .append(count));
        return String.format("%d pairs -> %d with detections -> %d with subjects chosen -> %d references made -> "
                + "%d verified -> %d sets (%s)", pairs, detected, chosen, referencesMade, referencesKept, sets,
                byN.length() == 0 ? "none" : byN);
    }
}
