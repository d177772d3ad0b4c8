package io.unosynth.core.plan;

import io.unosynth.core.taxonomy.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The offline planner: subjects and scenes composed from fixed vocabularies with a seeded generator, so the same
 * seed always gives the same plan. Subjects come in UNO's three flavours (normal, rare, with text on it); the
 * result reads like an LLM's list but has far less variety, which is what an offline default can offer.
 */
public final class TemplatePlanBackend implements PlanBackend {
    public static final String ID = "template-v1";

    private static final List<String> COLORS = List.of("red", "navy blue", "mustard yellow", "forest green",
            "matte black", "ivory white", "pastel pink", "teal", "burnt orange", "lavender", "charcoal grey",
            "sky blue", "crimson", "olive", "silver", "golden");
    private static final List<String> MATERIALS = List.of("ceramic", "wooden", "brushed steel", "leather",
            "glass", "plastic", "knitted wool", "bamboo", "brass", "marble", "rubber", "canvas", "copper",
            "carbon fiber");
    private static final List<String> DETAILS = List.of("a glossy finish", "rounded edges", "a striped pattern",
            "polka dots", "a gold trim", "a worn vintage look", "a small heart emblem", "a checkered pattern",
            "floral engravings", "a faded label", "neon accents", "a quilted texture", "a zigzag border",
            "a star-shaped badge", "matte speckles", "a cracked glaze");
    private static final List<String> RARE_STYLES = List.of("steampunk", "art deco", "hand-painted folk-art",
            "translucent crystal", "origami-style paper", "retro 1970s", "futuristic chrome", "tiny handmade",
            "Victorian", "cartoonish oversized", "moss-covered", "patchwork");
    private static final List<String> WORDS = List.of("HELLO", "UNO", "SALE", "DREAM", "CAFE", "RUN", "LOVE",
            "NORTH", "BLOOM", "OPEN");
    private static final List<String> SHOTS = List.of("close-up", "wide-angle", "top-down", "eye-level",
            "low-angle", "three-quarter view", "softly focused", "candid");
    private static final List<String> PLACES = List.of("on a wooden kitchen table", "on a sandy beach",
            "on a snowy park bench", "in a cluttered artist's studio", "on a marble countertop",
            "on a mossy forest floor", "on a shelf in a cozy library", "on the dashboard of a car",
            "on a picnic blanket in a meadow", "on a rooftop terrace in the city", "beside a rainy window",
            "on a stone step in an old town", "in a minimalist white room", "on a desk next to a laptop",
            "on a boat deck at sea", "in a neon-lit night market");
    private static final List<String> LIGHTS = List.of("soft morning light", "warm golden-hour light",
            "overcast diffuse light", "dramatic side lighting", "bright midday sun", "cool blue twilight",
            "candlelight", "studio softbox lighting");

    @Override
    public String id() {
        return ID;
    }

    private final SubjectDeduplicator deduplicator;

    public TemplatePlanBackend(double dedupSimilarity) {
        this.deduplicator = new SubjectDeduplicator(dedupSimilarity);
    }

    @Override
    public boolean repeatable() {
        return true;
    }

    @Override
    public List<String> subjects(Category category, int shardIndex, int count, int maxWords, long seed,
            Consumer<String> failures) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> nouns = category.nouns();
        List<String> subjects = new ArrayList<>(count);
        // Draw until `count` distinct subjects; the bound only matters for tiny vocabularies.
        for (int attempt = 0; subjects.size() < count && attempt < 50 * count; attempt++) {
            String candidate = subject(random, pick(random, nouns), maxWords);
            List<String> extended = new ArrayList<>(subjects);
            extended.add(candidate);
            if (deduplicator.distinct(extended).size() == extended.size()) {
                subjects.add(candidate);
            }
        }
        return subjects;
    }

    private static String subject(SplittableRandom random, String noun, int maxWords) {
        String subject = switch (random.nextInt(5)) {
            case 0 -> pick(random, RARE_STYLES) + " " + noun + " with " + pick(random, DETAILS);
            case 1 -> pick(random, COLORS) + " " + noun + " with the word '" + pick(random, WORDS) + "' printed on it";
            default -> pick(random, COLORS) + " " + pick(random, MATERIALS) + " " + noun + " with "
                    + pick(random, DETAILS);
        };
        return TokenEstimate.words(subject) > maxWords ? pick(random, COLORS) + " " + noun : subject;
    }

    @Override
    public List<String> scenes(Category category, String subject, int count, int maxTokens, long seed,
            Consumer<String> failures) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String scene = "a " + pick(random, SHOTS) + " photo of it " + pick(random, PLACES) + ", in "
                    + pick(random, LIGHTS);
            if (TokenEstimate.count(scene) > maxTokens) {
                scene = "a photo of it " + pick(random, PLACES);
            }
            scenes.add(scene);
        }
        return scenes;
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
