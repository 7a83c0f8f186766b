package dev.awaitj.netty.recipe;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The recipes' asynchronous service: answers on another thread, a few milliseconds later. */
class Names {
    CompletableFuture<String> lookup(String key) {
        return CompletableFuture.supplyAsync(() -> key.substring(key.lastIndexOf('/') + 1),
                CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }
}
