package dev.awaitj.serverbench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The heap harness's work: the later results are made before the first heap reading (so they do
 * not count for the handlers) and handed out one per request; they complete only when
 * {@link #completeAll()} is called, so every request stays parked at its first await meanwhile.
 */
final class ParkedWork implements Work {
    private static final CompletableFuture<String> NOW_STAGE = CompletableFuture.completedFuture("now");
    private static final Future<String> NOW = Future.succeededFuture("now");
    private final CompletableFuture<String>[] stages;
    private final Promise<String>[] promises;
    private final AtomicInteger handedOut = new AtomicInteger();

    @SuppressWarnings("unchecked")
    ParkedWork(int count, boolean vertxFutures) {
        stages = new CompletableFuture[vertxFutures ? 0 : count];
        promises = new Promise[vertxFutures ? count : 0];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new CompletableFuture<>();
        }
        for (int i = 0; i < promises.length; i++) {
            promises[i] = Promise.promise();
        }
    }

    /** How many requests have asked for their later result. */
    int handedOut() {
        return handedOut.get();
    }

    void completeAll() {
        for (CompletableFuture<String> stage : stages) {
            stage.complete("later,");
        }
        for (Promise<String> promise : promises) {
            promise.complete("later,");
        }
    }

    @Override
    public CompletableFuture<String> laterStage() {
        return stages[handedOut.getAndIncrement()];
    }

    @Override
    public CompletableFuture<String> nowStage() {
        return NOW_STAGE;
    }

    @Override
    public Future<String> later() {
        return promises[handedOut.getAndIncrement()].future();
    }

    @Override
    public Future<String> now() {
        return NOW;
    }
}
