package dev.awaitj.concurrency;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * The model checker still finds races on this JDK: a counter with a lost update must fail. If
 * lincheck stopped instrumenting (a JDK it does not support), the other tests of this module
 * would pass without exploring anything; this one would not.
 *
 * <p>Only lincheck's operation-based API (the one this module uses) is relied on: its
 * {@code Lincheck.runConcurrentTest}, which tracks threads the test starts itself, finds this
 * lost update at once on JDK 17 but not on JDK 25 (lincheck 3.7).
 */
class ModelCheckerSelfTest {

    /** Not thread-safe on purpose: {@code ++} is a read and a write. */
    public static class LostUpdateCounter {
        private int count;

        @Operation
        public int increment() {
            return ++count;
        }
    }

    @Test
    void findsALostUpdate() {
        assertThrows(LincheckAssertionError.class, () -> new ModelCheckingOptions()
                .iterations(5)
                .threads(2)
                .actorsPerThread(1)
                .invocationsPerIteration(200)
                .check(LostUpdateCounter.class));
    }
}
