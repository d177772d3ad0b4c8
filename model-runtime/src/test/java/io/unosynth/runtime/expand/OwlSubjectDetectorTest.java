package io.unosynth.runtime.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.expand.Candidate;
import io.unosynth.core.image.PadToSquare;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector contract on a real photo (chelsea, 256 x 170) through the demo OWLv2 (random weights): the contract
 * pads to a square and resizes to 960 itself, so the photo and the photo already padded by us give the same model
 * input; its boxes must be the padded photo's boxes cut to the photo's own extent: proof that boxes come back in
 * original pixels through pad and resize (a wrong scale or a centred pad would break it).
 */
class OwlSubjectDetectorTest {
    @TempDir
    Path directory;

    @Test
    void boxesMapBackToOriginalPixelsThroughPadAndResize() {
        RgbImage photo = Photos.load(Photos.CHELSEA);
        RgbImage padded = PadToSquare.grey().apply(photo);
        assertThat(padded.width()).isEqualTo(256);
        assertThat(padded.height()).isEqualTo(256);
        List<String> queries = List.of("cat", "cup", "dog");
        try (ModelSet models = new ModelSet(DemoContracts.loader(DemoContracts.write(directory), Map.of()),
                ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            OwlSubjectDetector detector = new OwlSubjectDetector(models.owl(), "owl=demo");
            List<Candidate> all = detector.detect(photo, queries, 0.0);
            double threshold = all.get(199).score();
            List<Candidate> original = detector.detect(photo, queries, threshold);
            List<Candidate> onSquare = detector.detect(padded, queries, threshold);
            assertThat(original).hasSizeBetween(150, 199).hasSameSizeAs(onSquare);
            int clampedAtBottom = 0;
            for (int i = 0; i < original.size(); i++) {
                Candidate mine = original.get(i);
                Candidate square = onSquare.get(i);
                assertThat(mine.label()).isEqualTo(square.label());
                assertThat(mine.score()).isCloseTo(square.score(), within(1e-6));
                assertThat(mine.box().x0()).isCloseTo(Math.min(square.box().x0(), 256), within(1e-3));
                assertThat(mine.box().x1()).isCloseTo(Math.min(square.box().x1(), 256), within(1e-3));
                assertThat(mine.box().y0()).isCloseTo(Math.min(square.box().y0(), 170), within(1e-3));
                assertThat(mine.box().y1()).isCloseTo(Math.min(square.box().y1(), 170), within(1e-3));
                if (square.box().y1() > 170) {
                    clampedAtBottom++;
                    assertThat(mine.box().y1()).isEqualTo(170.0);
                }
            }
            // Boxes live in pixels of the original (256 wide), not of the 960 model input.
            assertThat(original).allMatch(c -> c.box().x1() <= 256 && c.box().y1() <= 170);
            assertThat(onSquare.stream().mapToDouble(c -> c.box().x1()).max().orElseThrow()).isGreaterThan(170);
            assertThat(clampedAtBottom).as("boxes reaching into the padding are cut at the photo's edge")
                    .isGreaterThan(0);
        }
    }
}
