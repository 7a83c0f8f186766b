package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that waits in its body at the third value and is cancelled there, logging
 * "consumer resumed" when its await resumes: whatever the producers log in their cleanup must
 * come before it.
 */
final class WaitingConsumer {
    private WaitingConsumer() {
    }

    /**
     * Runs the consumer over {@code stream}, cancels it once it waits, and returns once
     * {@code expected} entries are in {@code log} (or after 10 s); {@code never} is the stage it
     * waited on.
     */
    static CompletableFuture<Void> cancelAtThird(AsyncStream<Integer> stream, List<String> log, int expected)
            throws InterruptedException {
        CompletableFuture<Void> never = new CompletableFuture<>();
        CompletableFuture<Void> consumer = waitAtThird(stream, never, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (never.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        consumer.cancel(true);
        while (log.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return never;
    }

    @Async
    private static CompletableFuture<Void> waitAtThird(AsyncStream<Integer> stream, CompletableFuture<Void> never,
            List<String> log) {
        try {
            await(stream.drop(2).forEachAsync(v -> never));
        } finally {
            log.add("consumer resumed");
        }
        return CompletableFuture.completedFuture(null);
    }
}
