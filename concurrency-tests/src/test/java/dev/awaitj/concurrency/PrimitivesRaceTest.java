package dev.awaitj.concurrency;

import org.junit.jupiter.api.Test;

/** Runs lincheck's model checker on each primitive's race under cancellation. */
class PrimitivesRaceTest {

    @Test
    void lock() {
        PermitRace.explore(PermitRace.Lock.class);
    }

    @Test
    void semaphore() {
        PermitRace.explore(PermitRace.Semaphore.class);
    }
}
