package io.unosynth.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.export.ExportPair;
import io.unosynth.core.export.Uno1mJsonLines;
import io.unosynth.core.export.UnoTrainingJson;
import io.unosynth.core.filter.ConsistencyBand;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.image.Photos;
import io.unosynth.core.judge.JudgeVerdicts;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small records that travel between Spark tasks and the driver survive Java serialization. */
class StageRecordsSerializationTest {
    @Test
    void roundTrips() throws Exception {
        PairRow pair = PairFixtures.pair("p1", Photos.COFFEE, Photos.ROCKET);
        ExportPair exported = new ExportPair(pair, JudgeVerdicts.scored(pair, "m", "v", 4.0));
        List<Serializable> records = List.of(
                FilterDecision.of("p1", 7, "Cup", 0.7, ConsistencyBand.Decision.KEEP),
                new ConsistencyBand(0.5, 0.98),
                Funnel.of("Cup", new Funnel.Counts(8, 7, 6, 5, 4)).merge(Funnel.of("Bus", Funnel.Step.PLANNED, 3)),
                new Selection(new io.unosynth.core.config.SelectConfig(3.5, false)),
                UnoTrainingJson.entry(exported),
                Uno1mJsonLines.row(exported));
        for (Serializable record : records) {
            assertThat(roundTrip(record)).isEqualTo(record);
        }
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
