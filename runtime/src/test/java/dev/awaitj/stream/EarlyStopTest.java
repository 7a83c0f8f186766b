package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Operators that stop a stream early end it normally. Pins the JDK 25 behaviour where
 * {@code join()} of a cancelled future throws a new exception that hid the operator's own abort.
 */
class EarlyStopTest {
    @Test
    void takeEndsTheStreamWithTheValuesTaken() throws Exception {
        assertEquals(List.of(1), AsyncStream.values(1, 2, 3).take(1).toList().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), AsyncStream.values(1, 2, 3).take(2).toList().get(5, TimeUnit.SECONDS));
    }

    @Test
    void firstAndTakeWhileStopWithoutFailing() throws Exception {
        assertEquals(Optional.of(1), AsyncStream.values(1, 2, 3).first().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2),
                AsyncStream.values(1, 2, 3, 1).takeWhile(v -> v < 3).toList().get(5, TimeUnit.SECONDS));
    }
}
