package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, rule 3, for the combinators: a losing input that had handed over a value gives it
 * back (a received item, a permit); one that cannot (a send the channel accepted) becomes the
 * outcome of a {@code race}/{@code any} in place of a winner that can give way, so the caller
 * never retries a send that went through; anything else is reported, never silently dropped.
 */
class CombinatorHandoffTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.primitiveRaces", 20_000);
    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> any(CompletionStage<?> stage) {
        return (CompletionStage<Object>) stage;
    }

    @Test
    void aRaceLostByAnAcceptedSendReportsTheSendAsItsOutcome() {
        Channel<String> channel = Channel.withCapacity(1);
        CompletableFuture<Void> sent = channel.send("x");
        assertTrue(sent.isDone(), "accepted into the buffer");
        CompletableFuture<Object> race = Futures.race(any(CompletableFuture.completedFuture("other")), any(sent));
        assertNull(race.join(), "the send went through: the race says so, not \"other\"");
        assertEquals(Optional.of("x"), channel.tryReceive());
        assertEquals(Optional.empty(), channel.tryReceive(), "sent once");
    }

    @Test
    void anAnyLostByAnAcceptedSendReportsTheSendAsItsOutcome() {
        Channel<String> channel = Channel.withCapacity(1);
        CompletableFuture<Void> sent = channel.send("x");
        CompletableFuture<Object> any = Futures.any(any(CompletableFuture.completedFuture("other")), any(sent));
        assertNull(any.join());
        assertEquals(1, channel.size());
    }

    @Test
    void aRaceLostByAReceiveGivesTheItemBack() {
        Channel<String> channel = Channel.withCapacity(1);
        channel.send("x");
        CompletableFuture<String> received = channel.receive();
        assertTrue(received.isDone());
        CompletableFuture<String> race = Futures.race(CompletableFuture.completedFuture("other"), received);
        assertEquals("other", race.join());
        assertEquals(Optional.of("x"), channel.tryReceive(), "the item is back in the channel");
    }

    @Test
    void twoAcceptedSendsInOneRaceReportTheOneThatIsNotTheOutcome() throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        TestEventLoop loop = TestEventLoop.create();
        loop.setExceptionHandler((message, failure) -> reported.add(message + ": " + failure.getMessage()));
        Channel<String> channel = Channel.withCapacity(2);
        Object outcome = loop.runUntilComplete(() -> Futures.race(any(channel.send("a")), any(channel.send("b"))));
        assertNull(outcome);
        assertEquals(2, channel.size(), "both went through");
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).contains("cannot be given back"), reported.get(0));
    }

    @Test
    void anAllThatFailsGivesBackTheItemsItReceived() {
        Channel<String> channel = Channel.withCapacity(2);
        channel.send("a");
        CompletableFuture<String> received = channel.receive();
        CompletableFuture<List<String>> all = Futures.all(received,
                CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertTrue(all.isCompletedExceptionally());
        assertEquals(Optional.of("a"), channel.tryReceive(), "given back");
    }

    /**
     * Really concurrent: the race's other input completes on another thread while this thread
     * takes the send's item. The caller's view always matches what happened to the item.
     */
    @Test
    void aRaceOfASendAgainstACompletionOnAnotherThreadNeverHidesADelivery() throws Exception {
        int reportedAsSent = 0;
        for (int run = 0; run < RUNS; run++) {
            Channel<String> channel = Channel.withCapacity(0);
            CompletableFuture<Object> competitor = new CompletableFuture<>();
            CompletableFuture<Void> send = channel.send("x");
            CompletableFuture<Object> race = Futures.race(competitor, any(send));
            @SuppressWarnings("unchecked")
            Optional<String>[] received = new Optional[1];
            Races.race(() -> competitor.complete("other"), () -> received[0] = channel.tryReceive(), run);
            Object outcome = race.get(5, TimeUnit.SECONDS);
            if (received[0].isPresent()) {
                assertNull(outcome, "run " + run + ": the item was delivered, so the race reports the send");
                reportedAsSent++;
            } else {
                assertEquals("other", outcome, "run " + run);
                assertTrue(send.isCancelled(), "run " + run + ": the send was withdrawn");
                assertEquals(Optional.empty(), channel.tryReceive(), "run " + run + ": nothing left behind");
            }
        }
        assertTrue(reportedAsSent > 0, "some runs delivered the item");
    }
}
