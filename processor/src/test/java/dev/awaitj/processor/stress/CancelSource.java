package dev.awaitj.processor.stress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stages and trace of the cancellation programs. In the oracle build every stage is complete,
 * except that the stage of one chosen call is already cancelled — what the rewritten program sees
 * when its future is cancelled while it waits there. In the rewritten build every stage is pending
 * until the test completes it; {@link #cancelWhileRunningAt} cancels the program's own future from
 * inside a given call, while it runs.
 */
public final class CancelSource {
    private final boolean oracle;
    private final int cancelledStage;
    private final int cancelWhileRunningAt;
    private final ArrayDeque<CompletableFuture<String>> pending = new ArrayDeque<>();
    private final List<String> trace = new ArrayList<>();
    /** The future the program returned, once the first call returned it. */
    public final AtomicReference<Future<?>> future = new AtomicReference<>();
    private int calls;

    private CancelSource(boolean oracle, int cancelledStage, int cancelWhileRunningAt) {
        this.oracle = oracle;
        this.cancelledStage = cancelledStage;
        this.cancelWhileRunningAt = cancelWhileRunningAt;
    }

    /** Stages all complete, but stage number {@code cancelledStage} (1-based; 0: none) is cancelled. */
    public static CancelSource oracle(int cancelledStage) {
        return new CancelSource(true, cancelledStage, 0);
    }

    /** Stages all pending; the program's future is cancelled inside call {@code cancelWhileRunningAt} (0: never). */
    public static CancelSource pending(int cancelWhileRunningAt) {
        return new CancelSource(false, 0, cancelWhileRunningAt);
    }

    public synchronized CompletableFuture<String> next(String label) {
        calls++;
        trace.add("call " + label);
        if (oracle) {
            CompletableFuture<String> stage = CompletableFuture.completedFuture(label);
            if (calls == cancelledStage) {
                stage = new CompletableFuture<>();
                stage.cancel(false);
            }
            return stage;
        }
        if (calls == cancelWhileRunningAt) {
            future.get().cancel(true);
        }
        CompletableFuture<String> stage = new CompletableFuture<>();
        pending.add(stage);
        return stage;
    }

    public synchronized void log(String entry) {
        trace.add(entry);
    }

    public AutoCloseable closer(String name) {
        log("open " + name);
        return () -> log("close " + name);
    }

    synchronized CompletableFuture<String> poll() {
        return pending.poll();
    }

    synchronized int calls() {
        return calls;
    }

    synchronized List<String> trace() {
        return new ArrayList<>(trace);
    }
}
