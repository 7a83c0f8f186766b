package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** all, allSettled, race, any, asCompleted, shield: both paths, typed, cancelling losers. */
class FuturesTest {

    private static <T> CompletableFuture<T> pending() {
        return new CompletableFuture<>();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return e.getCause();
    }

    @Test
    void allOfCompleteStagesIsCompleteAtOnceInInputOrder() {
        CompletableFuture<List<Integer>> all = Futures.all(
                CompletableFuture.completedFuture(1), CompletableFuture.completedFuture(2));
        assertEquals(List.of(1, 2), all.getNow(null));
        assertEquals(List.of(), Futures.all(List.<CompletionStage<String>>of()).join());
    }

    @Test
    void allWaitsForEveryStageAndKeepsInputOrderAndNulls() {
        CompletableFuture<String> a = pending();
        CompletableFuture<String> b = pending();
        CompletableFuture<List<String>> all = Futures.all(List.of(a, b));
        b.complete(null);
        assertFalse(all.isDone());
        a.complete("a");
        assertEquals(java.util.Arrays.asList("a", null), all.join());
    }

    @Test
    void allFailsFastWithTheUnwrappedFailureAndCancelsTheRest() {
        CompletableFuture<String> a = pending();
        CompletableFuture<String> b = pending();
        CompletableFuture<List<String>> all = Futures.all(List.of(a, b.thenApply(x -> x)));
        IOException boom = new IOException("boom");
        CompletableFuture<String> failing = pending();
        CompletableFuture<List<String>> all2 = Futures.all(List.of(a, failing));
        failing.completeExceptionally(boom);
        assertSame(boom, failureOf(all2));
        assertTrue(a.isCancelled(), "the others are cancelled");
        assertTrue(all.isCompletedExceptionally());
    }

    @Test
    void cancellingAllCancelsItsInputs() {
        CompletableFuture<String> a = pending();
        CompletableFuture<List<String>> all = Futures.all(List.of(a));
        all.cancel(true);
        assertTrue(a.isCancelled());
    }

    @Test
    void allSettledReportsEveryOutcomeAndNeverFails() {
        CompletableFuture<Integer> a = pending();
        CompletableFuture<Integer> b = pending();
        CompletableFuture<List<Outcome<Integer>>> settled = Futures.allSettled(List.of(a, b,
                CompletableFuture.completedFuture(3)));
        a.completeExceptionally(new IllegalStateException("a failed"));
        assertFalse(settled.isDone());
        b.complete(2);
        List<Outcome<Integer>> outcomes = settled.join();
        assertInstanceOf(Outcome.Failure.class, outcomes.get(0));
        assertEquals("a failed", ((Outcome.Failure<Integer>) outcomes.get(0)).exception().getMessage());
        assertEquals(new Outcome.Success<>(2), outcomes.get(1));
        assertEquals(3, outcomes.get(2).getOrThrow());
        assertThrows(IllegalStateException.class, () -> outcomes.get(0).getOrThrow());
    }

    @Test
    void raceTakesTheFirstOutcomeAndCancelsTheOthers() {
        CompletableFuture<String> slow = pending();
        CompletableFuture<String> fast = pending();
        CompletableFuture<String> race = Futures.race(slow, fast);
        fast.completeExceptionally(new IOException("fast failure"));
        assertEquals("fast failure", failureOf(race).getMessage());
        assertTrue(slow.isCancelled());
        assertEquals("done", Futures.race(CompletableFuture.completedFuture("done"), pending()).join());
        assertThrows(IllegalArgumentException.class, () -> Futures.race(List.<CompletionStage<String>>of()));
    }

    @Test
    void raceOfSleepsInVirtualTime() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> Futures.race(
                Time.sleep(Duration.ofSeconds(2), "two"), Time.sleep(Duration.ofSeconds(1), "one")));
        loop.advance(Duration.ofSeconds(1));
        assertEquals("one", task.join());
        assertTrue(loop.nextTimer() == null, "the loser's timer is cancelled");
    }

    @Test
    void anyTakesTheFirstSuccessAndFailsOnlyIfAllFail() {
        CompletableFuture<String> a = pending();
        CompletableFuture<String> b = pending();
        CompletableFuture<String> any = Futures.any(a, b);
        a.completeExceptionally(new IOException("a"));
        assertFalse(any.isDone());
        b.complete("b");
        assertEquals("b", any.join());

        CompletableFuture<String> c = pending();
        CompletableFuture<String> d = pending();
        CompletableFuture<String> none = Futures.any(c, d);
        IOException first = new IOException("c");
        IOException second = new IOException("d");
        c.completeExceptionally(first);
        d.completeExceptionally(second);
        assertSame(first, failureOf(none));
        assertArrayEquals(new Throwable[] {second}, first.getSuppressed());

        assertEquals("now", Futures.any(CompletableFuture.completedFuture("now")).join());
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        CompletableFuture<String> a = pending();
        CompletableFuture<String> b = pending();
        CompletableFuture<String> c = pending();
        List<CompletableFuture<String>> order = Futures.asCompleted(List.of(a, b, c));
        assertFalse(order.get(0).isDone());
        c.complete("c");
        a.completeExceptionally(new IllegalStateException("a"));
        b.complete("b");
        assertEquals("c", order.get(0).join());
        assertEquals("a", failureOf(order.get(1)).getMessage());
        assertEquals("b", order.get(2).join());
    }

    @Test
    void asCompletedOfCompleteStages() {
        List<CompletableFuture<Integer>> order = Futures.asCompleted(
                List.of(CompletableFuture.completedFuture(1), CompletableFuture.completedFuture(2)));
        assertEquals(1, order.get(0).join());
        assertEquals(2, order.get(1).join());
    }

    @Test
    void shieldKeepsTheInnerStageRunningWhenTheAwaiterIsCancelled() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> log = new ArrayList<>();
        CompletableFuture<String> commit = pending();
        Task<Object> request = loop.spawn(() -> Steps.run(() -> Futures.shield(commit)));
        loop.runUntilIdle();
        request.cancel(true);
        loop.runUntilIdle();
        assertTrue(request.isCancelled());
        assertFalse(commit.isDone(), "the shielded stage keeps running");
        commit.complete("committed");
        assertEquals("committed", Futures.shield(commit).join());
        assertTrue(log.isEmpty());
    }

    @Test
    void cancellationOfAnInputIsAFailureOfAll() {
        CompletableFuture<String> a = pending();
        CompletableFuture<List<String>> all = Futures.all(List.of(a));
        a.cancel(true);
        assertThrows(CancellationException.class, all::join);
    }
}
