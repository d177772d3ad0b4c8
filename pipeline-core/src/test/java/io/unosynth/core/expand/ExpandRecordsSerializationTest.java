package io.unosynth.core.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.image.Photos;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expand records that travel between the driver and Spark tasks survive Java serialization. */
class ExpandRecordsSerializationTest {
    @Test
    void roundTrips() throws Exception {
        PixelBox box = new PixelBox(1, 2, 30, 40);
        List<Serializable> records = List.of(ExpandConfig.defaults(), new SubjectRules(ExpandConfig.defaults()), box,
                new Candidate("dog", 0.5, box), ObjectPrompt.load(""),
                new MultiSubjectExport.Entry("a-m", "a", 2, "the cup", List.of("cup", "dog")));
        for (Serializable record : records) {
            assertThat(roundTrip(record)).isEqualTo(record);
        }
        ExpandSet set = new ExpandSet("a-m", "a", 11, "Cup", "a cup", "the cup", "regenerate", 2, List.of("dog"),
                List.of(box), List.of(0.5), List.of(0.7), 3L, Photos.png(Photos.ROCKET), 256, 256,
                List.of(Photos.png(Photos.COFFEE), Photos.png(Photos.CHELSEA)));
        assertThat(roundTrip(set)).usingRecursiveComparison().isEqualTo(set);
    }

    private static Object roundTrip(Serializable value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
