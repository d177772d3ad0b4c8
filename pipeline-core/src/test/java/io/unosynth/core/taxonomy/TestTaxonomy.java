package io.unosynth.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.config.TaxonomyConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestTaxonomy {
    private static final Taxonomy OBJECTS365 = Taxonomy.objects365();

    @TempDir
    Path tempDir;

    @Test
    void objects365HasIds1To365InOrder() {
        assertThat(OBJECTS365.size()).isEqualTo(365);
        assertThat(OBJECTS365.all()).extracting(Category::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 365).boxed().toList());
        assertThat(OBJECTS365.all()).allSatisfy(c -> assertThat(c.subcategories()).isEmpty());
    }

    /** Checked against mmdetection's Objects365V2Dataset.CLASSES (all 365 matched when written). */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "1 | Person", "2 | Sneakers", "4 | Other Shoes", "35 | SUV", "38 | Moniter/TV", "53 | Bakset",
            "55 | Pen/Pencil", "91 | Ballon", "364 | Curling",
            "365 | Table Tennis"})
    void pinnedCategories(int id, String name) {
        assertThat(OBJECTS365.byId(id).name()).isEqualTo(name);
    }

    @Test
    void namesAreUniqueIgnoringCaseAndTrimmed() {
        Set<String> names = new HashSet<>();
        for (Category category : OBJECTS365.all()) {
            assertThat(category.name()).isEqualTo(category.name().strip()).isNotBlank();
            assertThat(names.add(category.name().toLowerCase(Locale.ROOT)))
                    .as("unique name %s", category.name()).isTrue();
        }
    }

    @Test
    void selectByIdsAndNamesInTaxonomyOrderWithoutRepeats() {
        assertThat(OBJECTS365.select(List.of("1", "5", "Person"))).extracting(Category::id).containsExactly(1, 5);
        assertThat(OBJECTS365.select(List.of("table tennis", " moniter/tv ", "38", "2")))
                .extracting(Category::id).containsExactly(2, 38, 365);
        assertThat(OBJECTS365.select(List.of("PERSON"))).containsExactly(OBJECTS365.byId(1));
    }

    @Test
    void emptySelectionIsEverything() {
        assertThat(OBJECTS365.select(List.of())).isEqualTo(OBJECTS365.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "366", "99999999999999"})
    void unknownIdIsNamed(String id) {
        assertThatThrownBy(() -> OBJECTS365.select(List.of("1", id)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Unknown category id " + id + " in taxonomy.categories (ids run from 1 to 365)")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(PipelineErrorCode.UNKNOWN_CATEGORY);
    }

    @Test
    void unknownNameIsNamed() {
        assertThatThrownBy(() -> OBJECTS365.select(List.of("Unicorn")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Unknown category 'Unicorn' in taxonomy.categories (names as in the taxonomy,"
                        + " e.g. 'Person', or ids)");
        assertThatThrownBy(() -> OBJECTS365.select(List.of("-1"))).hasMessageContaining("Unknown category '-1'");
    }

    @Test
    void byIdOfUnknownId() {
        assertThatThrownBy(() -> OBJECTS365.byId(400))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Unknown category id 400 (ids run from 1 to 365)");
    }

    @Test
    void loadWithoutSourceIsTheBuiltInList() {
        assertThat(Taxonomy.load(new TaxonomyConfig("", List.of(), "")).all()).isEqualTo(OBJECTS365.all());
    }

    @Test
    void customTaxonomyFile() {
        Path file = Fixtures.writeLines(tempDir, "mine.tsv",
                "# my categories",
                "id\tname",
                "",
                "1\tRed Panda ",
                "2\tTeapot/Kettle",
                "10\tSUV");
        Taxonomy taxonomy = Taxonomy.load(new TaxonomyConfig(file.toString(), List.of(), ""));
        assertThat(taxonomy.all()).containsExactly(
                new Category(1, "Red Panda", List.of()),
                new Category(2, "Teapot/Kettle", List.of()),
                new Category(10, "SUV", List.of()));
        assertThat(taxonomy.select(List.of("red panda", "10"))).extracting(Category::id).containsExactly(1, 10);
    }

    @Test
    void filesSavedWithAByteOrderMark() {
        Path taxonomy = Fixtures.writeLines(tempDir, "bom.tsv", "\uFEFFid\tname", "1\tCat");
        assertThat(Taxonomy.fromFile(taxonomy).all()).extracting(Category::name).containsExactly("Cat");
        Path subs = Fixtures.writeLines(tempDir, "bom-subs.tsv", "\uFEFF11\tteacup");
        assertThat(OBJECTS365.withSubcategories(subs).byId(11).subcategories()).containsExactly("teacup");
    }

    @Test
    void customTaxonomyWithoutHeader() {
        Path file = Fixtures.writeLines(tempDir, "plain.tsv", "1\tCat", "2\tDog");
        assertThat(Taxonomy.fromFile(file).all()).extracting(Category::name).containsExactly("Cat", "Dog");
    }

    @ParameterizedTest(name = "line ''{0}''")
    @ValueSource(strings = {"3 Dog", "x\tDog", "0\tDog", "-2\tDog", "3\t ", "3\tDog\textra"})
    void malformedTaxonomyLineIsNamed(String line) {
        Path file = Fixtures.writeLines(tempDir, "bad.tsv", "id\tname", "1\tCat", line);
        assertThatThrownBy(() -> Taxonomy.fromFile(file))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid line 3 in taxonomy " + file + ": expected 'id<TAB>name' with id > 0");
    }

    @Test
    void duplicateIdOrNameInTaxonomyFileIsNamed() {
        Path ids = Fixtures.writeLines(tempDir, "dup-id.tsv", "1\tCat", "1\tDog");
        assertThatThrownBy(() -> Taxonomy.fromFile(ids))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(ids.toString())
                .hasMessage("Invalid line 2 in taxonomy " + ids + ": duplicate id 1");
        Path names = Fixtures.writeLines(tempDir, "dup-name.tsv", "1\tCat", "2\tcat");
        assertThatThrownBy(() -> Taxonomy.fromFile(names))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(names.toString())
                .hasMessage("Invalid line 2 in taxonomy " + names + ": duplicate name 'cat'");
    }

    @Test
    void missingTaxonomyFileIsNamed() {
        Path missing = tempDir.resolve("absent.tsv");
        assertThatThrownBy(() -> Taxonomy.fromFile(missing))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Cannot read taxonomy file " + missing);
    }

    @Test
    void subcategoriesByIdOrName() {
        Path file = Fixtures.writeLines(tempDir, "subs.tsv",
                "# category<TAB>subcategory",
                "11\tespresso cup",
                "cup\t teacup ",
                "",
                "Moniter/TV\tcurved gaming monitor");
        Taxonomy taxonomy = Taxonomy.load(new TaxonomyConfig("", List.of(), file.toString()));
        assertThat(taxonomy.size()).isEqualTo(365);
        assertThat(taxonomy.byId(11).subcategories()).containsExactly("espresso cup", "teacup");
        assertThat(taxonomy.byId(38).subcategories()).containsExactly("curved gaming monitor");
        assertThat(taxonomy.byId(38).nouns()).containsExactly("moniter", "TV", "curved gaming monitor");
        assertThat(taxonomy.byId(1).subcategories()).isEmpty();
        assertThat(OBJECTS365.byId(11).subcategories()).as("the original is unchanged").isEmpty();
    }

    @ParameterizedTest(name = "line ''{0}''")
    @ValueSource(strings = {"11 espresso cup", "11\t ", "11\ta\tb"})
    void malformedSubcategoryLineIsNamed(String line) {
        Path file = Fixtures.writeLines(tempDir, "subs.tsv", "1\tchild", line);
        assertThatThrownBy(() -> OBJECTS365.withSubcategories(file))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid line 2 in " + file + ": expected 'category<TAB>subcategory'");
    }

    @Test
    void subcategoryOfUnknownCategoryNamesFileAndLine() {
        Path file = Fixtures.writeLines(tempDir, "subs.tsv", "1\tchild", "", "Unicorn\twinged unicorn");
        assertThatThrownBy(() -> OBJECTS365.withSubcategories(file))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Unknown category 'Unicorn' in " + file + ":3");
        Path byId = Fixtures.writeLines(tempDir, "subs-id.tsv", "400\tchild");
        assertThatThrownBy(() -> OBJECTS365.withSubcategories(byId))
                .hasMessageStartingWith("Unknown category id 400 in " + byId + ":1");
    }

    @Test
    void missingSubcategoriesFileIsNamed() {
        Path missing = tempDir.resolve("absent.tsv");
        assertThatThrownBy(() -> OBJECTS365.withSubcategories(missing))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Cannot read subcategories file " + missing);
    }
}
