package dev.awaitj.benchmarks.support;

import java.util.concurrent.CompletableFuture;

/** Where the W2 loops get their stages: each {@link #next()} is a new stage completed later. */
public interface StageSource {
    CompletableFuture<Integer> next();
}
