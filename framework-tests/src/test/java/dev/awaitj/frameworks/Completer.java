package dev.awaitj.frameworks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread of its own that completes futures only once something waits on them, so an await of
 * one of its futures really suspends (the suspended path, never the already-complete one).
 */
final class Completer implements AutoCloseable {
    private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread = new Thread(this::loop, "completer");
    private volatile boolean closed;

    private record Entry(CompletableFuture<String> future, String value) {
    }

    Completer() {
        thread.setDaemon(true);
        thread.start();
    }

    /** A future this thread completes with {@code value} after a callback is registered on it. */
    CompletableFuture<String> later(String value) {
        CompletableFuture<String> future = new CompletableFuture<>();
        pending.add(new Entry(future, value));
        LockSupport.unpark(thread);
        return future;
    }

    private void loop() {
        while (!closed) {
            int rounds = pending.size();
            boolean completedAny = false;
            for (int i = 0; i < rounds; i++) {
                Entry entry = pending.poll();
                if (entry == null) {
                    break;
                }
                if (entry.future().getNumberOfDependents() > 0) {
                    entry.future().complete(entry.value());
                    completedAny = true;
                } else {
                    pending.add(entry);
                }
            }
            if (!completedAny) {
                LockSupport.parkNanos(pending.isEmpty() ? 1_000_000 : 20_000);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(thread);
        thread.join();
    }
}
