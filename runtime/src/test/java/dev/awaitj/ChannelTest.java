package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Channel: backpressure, order, close, errors after close, fairness, cancellation without loss. */
class ChannelTest {

    @Test
    void sendAndReceiveWithRoomAreCompleteAtOnce() {
        Channel<String> channel = Channel.withCapacity(2);
        assertTrue(channel.send("a").isDone());
        assertTrue(channel.trySend("b"));
        assertFalse(channel.trySend("c"), "full");
        assertEquals(2, channel.size());
        assertEquals("a", channel.receive().join());
        assertEquals(Optional.of("b"), channel.tryReceive());
        assertEquals(Optional.empty(), channel.tryReceive());
        assertThrows(NullPointerException.class, () -> channel.send(null));
    }

    @Test
    void aFullChannelMakesTheProducerWait() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<Integer> channel = Channel.withCapacity(2);
        List<String> log = new ArrayList<>();
        loop.spawn(() -> Steps.run(() -> channel.send(1),
                ignored -> channel.send(2),
                ignored -> { log.add("sent 2"); return channel.send(3); },
                ignored -> { log.add("sent 3 at " + loop.elapsed().toSeconds()); return channel.send(4); }));
        loop.runUntilIdle();
        assertEquals(List.of("sent 2"), log, "the third send waits");
        loop.spawn(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)), ignored -> channel.receive(),
                first -> { log.add("got " + first); return CompletableFuture.completedFuture(null); }));
        loop.advance(Duration.ofSeconds(1));
        assertEquals(List.of("sent 2", "got 1", "sent 3 at 1"), log);
        assertEquals(2, channel.size());
    }

    @Test
    void anEmptyChannelMakesTheConsumerWaitAndItemsKeepTheirOrder() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<Integer> channel = Channel.withCapacity(1);
        List<Integer> got = new ArrayList<>();
        Function<Object, CompletableFuture<?>> next = item -> {
            got.add((Integer) item);
            return channel.receive();
        };
        loop.spawn(() -> Steps.run(channel::receive, next, next, next));
        loop.runUntilIdle();
        loop.spawn(() -> Steps.run(() -> channel.send(1), ignored -> channel.send(2),
                ignored -> channel.send(3), ignored -> channel.send(4)));
        loop.runUntilIdle();
        assertEquals(List.of(1, 2, 3), got);
    }

    @Test
    void aRendezvousChannelHandsItemsStraightOver() {
        Channel<String> channel = Channel.withCapacity(0);
        assertFalse(channel.trySend("x"), "nobody receives");
        CompletableFuture<Void> send = channel.send("x");
        assertFalse(send.isDone());
        assertEquals("x", channel.receive().join());
        assertTrue(send.isDone());
        CompletableFuture<String> receive = channel.receive();
        assertTrue(channel.trySend("y"));
        assertEquals("y", receive.join());
    }

    @Test
    void closeLetsReceiversDrainThenEndsThemAndRefusesSends() throws Exception {
        Channel<String> channel = Channel.withCapacity(4);
        channel.send("a");
        channel.send("b");
        channel.close();
        channel.close();
        assertTrue(channel.isClosed());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> channel.send("c").get());
        assertInstanceOf(ChannelClosedException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains("closed channel"));
        assertThrows(ChannelClosedException.class, () -> channel.trySend("c"));
        assertEquals("a", channel.receive().join());
        assertEquals(Optional.of("b"), channel.receiveOptional().join());
        assertEquals(Optional.empty(), channel.receiveOptional().join());
        ExecutionException drained = assertThrows(ExecutionException.class, () -> channel.receive().get());
        assertInstanceOf(ChannelClosedException.class, drained.getCause());
    }

    @Test
    void closeEndsWaitingReceiversAndFailsWaitingSenders() {
        Channel<String> empty = Channel.withCapacity(1);
        CompletableFuture<String> receiver = empty.receive();
        CompletableFuture<Optional<String>> optional = empty.receiveOptional();
        empty.close();
        assertInstanceOf(ChannelClosedException.class,
                assertThrows(ExecutionException.class, receiver::get).getCause());
        assertEquals(Optional.empty(), optional.join());

        Channel<String> full = Channel.withCapacity(1);
        full.send("kept");
        CompletableFuture<Void> sender = full.send("refused");
        full.close();
        assertTrue(sender.isCompletedExceptionally());
        assertEquals(Optional.of("kept"), full.receiveOptional().join());
        assertEquals(Optional.empty(), full.receiveOptional().join());
    }

    @Test
    void waitingReceiversAreServedInOrder() {
        Channel<Integer> channel = Channel.withCapacity(0);
        CompletableFuture<Integer> first = channel.receive();
        CompletableFuture<Integer> second = channel.receive();
        channel.trySend(1);
        channel.trySend(2);
        assertEquals(1, first.join());
        assertEquals(2, second.join());
    }

    @Test
    void aSenderCancelledWhileWaitingTakesItsItemBack() {
        Channel<String> channel = Channel.withCapacity(1);
        channel.send("a");
        CompletableFuture<Void> cancelled = channel.send("b");
        CompletableFuture<Void> kept = channel.send("c");
        assertTrue(cancelled.cancel(true));
        assertEquals("a", channel.receive().join());
        assertEquals("c", channel.receive().join());
        assertTrue(kept.isDone());
        assertEquals(0, channel.size());
    }

    @Test
    void aReceiverCancelledJustAfterTheHandoffLosesNoItem() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<String> channel = Channel.withCapacity(1);
        List<String> got = new ArrayList<>();
        Task<Object> receiver = loop.spawn(() -> Steps.run(channel::receive, item -> {
            got.add("cancelled receiver got " + item);
            return CompletableFuture.completedFuture(null);
        }));
        loop.runUntilIdle();
        loop.execute(() -> {
            channel.trySend("precious");   // handed to the waiting receiver...
            receiver.cancel(true);         // ...which is cancelled before it resumes
        });
        loop.runUntilIdle();
        assertTrue(receiver.isCancelled());
        assertEquals(List.of(), got);
        assertEquals(Optional.of("precious"), channel.tryReceive(), "the item went back");
    }

    @Test
    void racingTwoReceivesLosesNoItem() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<String> left = Channel.withCapacity(1);
        Channel<String> right = Channel.withCapacity(1);
        left.trySend("l");
        right.trySend("r");
        Task<String> winner = loop.spawn(() -> Futures.race(left.receive(), right.receive()));
        loop.runUntilIdle();
        assertEquals("l", winner.join());
        assertEquals(Optional.of("r"), right.tryReceive(), "the loser's item is back in its channel");
    }

    @Test
    void aTimedOutReceiveLosesNoItem() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<String> channel = Channel.withCapacity(1);
        Task<String> timed = loop.spawn(() -> Time.withTimeout(channel.receive(), Duration.ofSeconds(1), "none"));
        loop.schedule(Duration.ofSeconds(1), () -> channel.trySend("late"));
        loop.advance(Duration.ofSeconds(1));
        String result = timed.join();
        if (result.equals("none")) {
            assertEquals(Optional.of("late"), channel.tryReceive());
        } else {
            assertEquals("late", result);
            assertEquals(Optional.empty(), channel.tryReceive());
        }
    }
}
