package io.unosynth.runtime.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the backoff waits instead of sleeping, so retry tests take no wall time. */
final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
