package dev.awaitj.serverbench;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous work every variant's handler does for one request: await a result that comes
 * later, then one that is already there. The same work as {@code CompletableFuture}s (awaitj, the
 * composition) and as Vert.x {@code Future}s (Vert.x composition, virtual threads).
 */
interface Work {
    /** A result that comes later (completed by a timer, or parked until the harness completes it). */
    CompletableFuture<String> laterStage();

    /** A result that is already there. */
    CompletableFuture<String> nowStage();

    /** {@link #laterStage()} as a Vert.x future. */
    Future<String> later();

    /** {@link #nowStage()} as a Vert.x future. */
    Future<String> now();
}
