package io.unosynth.core.taxonomy;

import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.TaxonomyConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ordered list of categories with stable ids. The built-in one is Objects365 v2 (365 categories, ids 1..365 in
 * the official order; see the resource's header for its source).
 */
public final class Taxonomy {
    static final String OBJECTS365_RESOURCE = "objects365-v2.tsv";

    private final List<Category> categories;
    private final Map<Integer, Category> byId = new LinkedHashMap<>();
    private final Map<String, Category> byName = new LinkedHashMap<>();

    private Taxonomy(List<Category> categories) {
        this.categories = List.copyOf(categories);
        for (Category category : categories) {
            if (byId.put(category.id(), category) != null) {
                throw new IllegalArgumentException("Invalid taxonomy: duplicate id " + category.id());
            }
            if (byName.put(key(category.name()), category) != null) {
                throw new IllegalArgumentException("Invalid taxonomy: duplicate name '" + category.name() + "'");
            }
        }
    }

    public static Taxonomy objects365() {
        try (InputStream in = Taxonomy.class.getResourceAsStream(OBJECTS365_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + OBJECTS365_RESOURCE);
            }
            return new Taxonomy(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                    OBJECTS365_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The taxonomy a config asks for: the built-in list or its {@code taxonomy.source}, plus subcategories. */
    public static Taxonomy load(TaxonomyConfig config) {
        Taxonomy base = config.source().isEmpty() ? objects365() : fromFile(Path.of(config.source()));
        return config.subcategoriesFile().isEmpty() ? base : base.withSubcategories(Path.of(config.subcategoriesFile()));
    }

    public static Taxonomy fromFile(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Taxonomy(parse(reader, file.toString()));
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read taxonomy file " + file + ": " + e);
        }
    }

    /** Adds subcategories from a TSV of {@code category<TAB>subcategory} rows; the category by id or name. */
    public Taxonomy withSubcategories(Path file) {
        Map<Integer, List<String>> extra = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                    "Cannot read subcategories file " + file + ": " + e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = (i == 0 ? ConfigFiles.withoutByteOrderMark(lines.get(i)) : lines.get(i)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            if (cells.length != 2 || cells[1].isBlank()) {
                throw new ValidationException(PipelineErrorCode.INVALID_INPUT,
                        "Invalid line " + (i + 1) + " in " + file + ": expected 'category<TAB>subcategory'");
            }
            Category category = resolve(cells[0].strip(), file + ":" + (i + 1));
            extra.computeIfAbsent(category.id(), id -> new ArrayList<>()).add(cells[1].strip());
        }
        List<Category> merged = new ArrayList<>();
        for (Category category : categories) {
            List<String> subs = new ArrayList<>(category.subcategories());
            subs.addAll(extra.getOrDefault(category.id(), List.of()));
            merged.add(new Category(category.id(), category.name(), subs));
        }
        return new Taxonomy(merged);
    }

    public List<Category> all() {
        return categories;
    }

    public int size() {
        return categories.size();
    }

    /**
     * The categories named by {@code selection} (ids or names, case-insensitive), in taxonomy order without
     * repeats; all categories when the selection is empty.
     */
    public List<Category> select(List<String> selection) {
        if (selection.isEmpty()) {
            return categories;
        }
        Set<Integer> wanted = new LinkedHashSet<>();
        for (String item : selection) {
            wanted.add(resolve(item.strip(), TaxonomyConfig.CATEGORIES).id());
        }
        return categories.stream().filter(c -> wanted.contains(c.id())).toList();
    }

    public Category byId(int id) {
        Category category = byId.get(id);
        if (category == null) {
            throw new ValidationException(PipelineErrorCode.UNKNOWN_CATEGORY,
                    "Unknown category id " + id + " (ids run from 1 to " + size() + ")");
        }
        return category;
    }

    private Category resolve(String idOrName, String where) {
        if (idOrName.chars().allMatch(Character::isDigit) && !idOrName.isEmpty()) {
            // More than 9 digits may not fit an int, and is no id of ours anyway.
            Category category = idOrName.length() > 9 ? null : byId.get(Integer.parseInt(idOrName));
            if (category == null) {
                throw new ValidationException(PipelineErrorCode.UNKNOWN_CATEGORY,
                        "Unknown category id " + idOrName + " in " + where + " (ids run from 1 to " + size() + ")");
            }
            return category;
        }
        Category category = byName.get(key(idOrName));
        if (category == null) {
            throw new ValidationException(PipelineErrorCode.UNKNOWN_CATEGORY,
                    "Unknown category '" + idOrName + "' in " + where + " (names as in the taxonomy, e.g. '"
                            + categories.get(0).name() + "', or ids)");
        }
        return category;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static List<Category> parse(BufferedReader reader, String source) throws IOException {
        List<Category> result = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        String line;
        int number = 0;
        boolean header = true;
        while ((line = reader.readLine()) != null) {
            number++;
            if (number == 1) {
                line = ConfigFiles.withoutByteOrderMark(line);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                if (line.strip().equals("id\tname")) {
                    continue;
                }
            }
            String[] cells = line.split("\t");
            int id;
            try {
                id = Integer.parseInt(cells[0].strip());
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (cells.length != 2 || id <= 0 || cells[1].isBlank()) {
                throw new ValidationException(PipelineErrorCode.INVALID_INPUT,
                        "Invalid line " + number + " in taxonomy " + source + ": expected 'id<TAB>name' with id > 0");
            }
            String name = cells[1].strip();
            // Checked here, not only in the constructor, so the message can name file and line.
            String duplicate = !ids.add(id) ? "id " + id : !names.add(key(name)) ? "name '" + name + "'" : null;
            if (duplicate != null) {
                throw new ValidationException(PipelineErrorCode.INVALID_INPUT,
                        "Invalid line " + number + " in taxonomy " + source + ": duplicate " + duplicate);
            }
            result.add(new Category(id, name, List.of()));
        }
        return result;
    }
}
