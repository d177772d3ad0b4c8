package io.unosynth.core.select;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many samples survive each stage, per category: planned -> generated -> passed filter -> scored -> selected.
 * Each shard builds its part; parts {@link #merge} into the run's funnel in any order (the merge is associative
 * and commutative). Categories are keyed by name.
 */
public record Funnel(Map<String, Counts> categories) implements Serializable {
    public Funnel {
        categories = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(categories,
                "categories is null")));
    }

    public static Funnel empty() {
        return new Funnel(Map.of());
    }

    public static Funnel of(String category, Counts counts) {
        return new Funnel(Map.of(category, counts));
    }

    /** The counts of one step, e.g. {@code Funnel.of("mug", Step.SCORED, 12)}. */
    public static Funnel of(String category, Step step, long count) {
        return of(category, Counts.ZERO.with(step, count));
    }

    public Funnel merge(Funnel other) {
        Map<String, Counts> merged = new TreeMap<>(categories);
        other.categories.forEach((name, counts) -> merged.merge(name, counts, Counts::plus));
        return new Funnel(merged);
    }

    public Counts total() {
        return categories.values().stream().reduce(Counts.ZERO, Counts::plus);
    }

    /** A fixed-width table for the run summary: one line per category, then the total. */
    public String render() {
        int width = Math.max("category".length(), Math.max("total".length(),
                categories.keySet().stream().mapToInt(String::length).max().orElse(0)));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + width + "s", "category"));
        for (Step step : Step.values()) {
            out.append("  ").append(String.format("%13s", step.label()));
        }
        out.append('\n');
        categories.forEach((name, counts) -> line(out, width, name, counts));
        line(out, width, "total", total());
        return out.toString();
    }

    private static void line(StringBuilder out, int width, String name, Counts counts) {
        out.append(String.format("%-" + width + "s", name));
        for (Step step : Step.values()) {
            out.append("  ").append(String.format("%13d", counts.get(step)));
        }
        out.append('\n');
    }

    public enum Step {
        PLANNED("planned"),
        GENERATED("generated"),
        PASSED_FILTER("passed filter"),
        SCORED("scored"),
        SELECTED("selected");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One category's counts; each step counts samples, so later steps never exceed earlier ones in a full run. */
    public record Counts(long planned, long generated, long passedFilter, long scored, long selected)
            implements Serializable {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        public Counts {
            checkArgument(planned >= 0 && generated >= 0 && passedFilter >= 0 && scored >= 0 && selected >= 0,
                    "Invalid funnel counts: %s %s %s %s %s", planned, generated, passedFilter, scored, selected);
        }

        public Counts plus(Counts other) {
            return new Counts(planned + other.planned, generated + other.generated,
                    passedFilter + other.passedFilter, scored + other.scored, selected + other.selected);
        }

        public long get(Step step) {
            return switch (step) {
                case PLANNED -> planned;
                case GENERATED -> generated;
                case PASSED_FILTER -> passedFilter;
                case SCORED -> scored;
                case SELECTED -> selected;
            };
        }

        public Counts with(Step step, long count) {
            return new Counts(step == Step.PLANNED ? count : planned, step == Step.GENERATED ? count : generated,
                    step == Step.PASSED_FILTER ? count : passedFilter, step == Step.SCORED ? count : scored,
                    step == Step.SELECTED ? count : selected);
        }
    }
}
