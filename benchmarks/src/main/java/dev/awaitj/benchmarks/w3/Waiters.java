package dev.awaitj.benchmarks.w3;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.benchmarks.support.DebugLocals;
import dev.awaitj.benchmarks.support.VirtualThreads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * W3's coroutines: each waits for one shared gate and then finishes with the gate's value plus
 * one. {@link #start} starts {@code count} of one variant and returns what must be kept to wait
 * for them (the futures, or the virtual threads' shared countdown).
 */
public final class Waiters {
    private Waiters() {
    }

    /** {@code WaitersDebugLocals.waiter}, compiled after these sources (benchmarks/pom.xml). */
    private static final MethodHandle DEBUG_LOCALS_WAITER = DebugLocals.find(
            "dev.awaitj.benchmarks.w3.WaitersDebugLocals", "waiter",
            MethodType.methodType(CompletableFuture.class, CompletableFuture.class));

    /** The variants, by the names the benchmark and the heap harness use. */
    public enum Variant {
        /** An {@code @Async} method with nothing live across its await. */
        AWAITJ,
        /** {@link #waiter} compiled with {@code -Aawaitj.debugLocals=true}: the dead gate is saved too. */
        AWAITJ_DEBUG_LOCALS,
        /** The same with an {@code Object} and an {@code int} live across the await. */
        AWAITJ_WITH_LOCALS,
        /** A hand-written callback state machine registered with {@code whenComplete}. */
        HAND_WRITTEN_STATE_MACHINE,
        /** {@code gate.thenCompose(v -> completedFuture(v + 1))}. */
        THEN_COMPOSE,
        /** A virtual thread blocked in {@code gate.join()}. */
        VIRTUAL_THREAD
    }

    /** The started waiters of one variant. */
    public static final class Started {
        final CompletableFuture<?>[] futures;
        final AtomicInteger running;
        final CompletableFuture<Void> allDone;

        Started(CompletableFuture<?>[] futures, AtomicInteger running, CompletableFuture<Void> allDone) {
            this.futures = futures;
            this.running = running;
            this.allDone = allDone;
        }

        /** Waits until every waiter has finished and checks the last one's result. */
        public void awaitAll() {
            if (futures != null) {
                Object last = futures[futures.length - 1].join();
                for (CompletableFuture<?> future : futures) {
                    if (!future.isDone()) {
                        throw new IllegalStateException("a waiter did not finish");
                    }
                }
                check(last);
            } else {
                allDone.join();
            }
        }

        /** Whether every waiter is still waiting (none has finished). */
        public boolean noneDone() {
            return futures != null ? !futures[0].isDone() : running.get() == expected;
        }

        private int expected;
    }

    private static void check(Object value) {
        if (!Integer.valueOf(2).equals(value)) {
            throw new IllegalStateException("unexpected result " + value);
        }
    }

    /** The gate all waiters wait for; complete it with {@code 1}. */
    public static Started start(Variant variant, CompletableFuture<Integer> gate, int count) {
        if (variant == Variant.VIRTUAL_THREAD) {
            VirtualThreads.require();
            AtomicInteger running = new AtomicInteger(count);
            CompletableFuture<Void> allDone = new CompletableFuture<>();
            for (int i = 0; i < count; i++) {
                VirtualThreads.start(() -> {
                    int value = gate.join() + 1;
                    if (value != 2) {
                        allDone.completeExceptionally(new IllegalStateException("value " + value));
                    }
                    if (running.decrementAndGet() == 0) {
                        allDone.complete(null);
                    }
                });
            }
            Started started = new Started(null, running, allDone);
            started.expected = count;
            return started;
        }
        CompletableFuture<?>[] futures = new CompletableFuture<?>[count];
        fill(variant, gate, futures);
        return new Started(futures, null, null);
    }

    /** Starts one waiter per slot of {@code futures}. */
    public static void fill(Variant variant, CompletableFuture<Integer> gate, CompletableFuture<?>[] futures) {
        int count = futures.length;
        switch (variant) {
            case AWAITJ:
                for (int i = 0; i < count; i++) {
                    futures[i] = waiter(gate);
                }
                break;
            case AWAITJ_DEBUG_LOCALS:
                for (int i = 0; i < count; i++) {
                    futures[i] = DebugLocals.call(DEBUG_LOCALS_WAITER, gate);
                }
                break;
            case AWAITJ_WITH_LOCALS:
                for (int i = 0; i < count; i++) {
                    futures[i] = waiterWithLocals(gate, "w", i);
                }
                break;
            case HAND_WRITTEN_STATE_MACHINE:
                for (int i = 0; i < count; i++) {
                    futures[i] = StateMachine.start(gate);
                }
                break;
            case THEN_COMPOSE:
                for (int i = 0; i < count; i++) {
                    futures[i] = gate.thenCompose(value -> CompletableFuture.completedFuture(value + 1));
                }
                break;
            default:
                throw new IllegalArgumentException(variant + " has no futures");
        }
    }

    @Async
    static CompletableFuture<Integer> waiter(CompletableFuture<Integer> gate) {
        int value = await(gate);
        return CompletableFuture.completedFuture(value + 1);
    }

    @Async
    static CompletableFuture<Integer> waiterWithLocals(CompletableFuture<Integer> gate, String name, int id) {
        int value = await(gate);
        if (name.length() + id < 0) {
            throw new IllegalStateException(name + id);
        }
        return CompletableFuture.completedFuture(value + 1);
    }

    /** What {@link #waiter} is rewritten into, written by hand. */
    static final class StateMachine extends CompletableFuture<Integer>
            implements BiConsumer<Integer, Throwable> {
        static CompletableFuture<Integer> start(CompletableFuture<Integer> gate) {
            StateMachine machine = new StateMachine();
            if (gate.isDone()) {
                machine.complete(gate.join() + 1);
            } else {
                gate.whenComplete(machine);
            }
            return machine;
        }

        @Override
        public void accept(Integer value, Throwable failure) {
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(value + 1);
            }
        }
    }
}
