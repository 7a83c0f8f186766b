package dev.awaitj.frameworks.streams;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Emitter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** @Async producers shared by the interop tests. */
final class Producers {
    private Producers() {
    }

    /** 0, 1, ... {@code n - 1}; before each odd value it really suspends on a stage {@code other} completes. */
    static AsyncStream<Long> counting(long n, Executor other) {
        return AsyncStream.of(out -> count(out, n, other, null));
    }

    /** As {@link #counting}, counting finally blocks run into {@code finallies}. */
    static AsyncStream<Long> counting(long n, Executor other, AtomicInteger finallies) {
        return AsyncStream.of(out -> count(out, n, other, finallies));
    }

    @Async
    static CompletableFuture<Void> count(Emitter<Long> out, long n, Executor other, AtomicInteger finallies) {
        try {
            for (long i = 0; i < n; i++) {
                if ((i & 1) == 1 && other != null) {
                    await(CompletableFuture.runAsync(() -> { }, other));
                }
                await(out.emit(i));
            }
            return CompletableFuture.completedFuture(null);
        } finally {
            if (finallies != null) {
                finallies.incrementAndGet();
            }
        }
    }
}
