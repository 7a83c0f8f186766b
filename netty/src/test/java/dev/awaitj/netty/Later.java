package dev.awaitj.netty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/** Futures that another thread completes only once something waits on them: awaits of them suspend. */
final class Later {
    private Later() {
    }

    static <T> CompletableFuture<T> value(T value) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            while (future.getNumberOfDependents() == 0) {
                LockSupport.parkNanos(100_000);
            }
            future.complete(value);
        }, "later");
        completer.setDaemon(true);
        completer.start();
        return future;
    }
}
