package dev.awaitj.benchmarks.w4;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.benchmarks.support.VirtualThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * W4's chains: {@code chain(depth)} calls {@code chain(depth - 1)} and adds one to what it
 * returns; {@code chain(0)} returns the value of {@code bottom}, which is completed only after
 * the whole chain is waiting. Completing it resumes the chain from the bottom up.
 */
public final class Chains {
    private Chains() {
    }

    /** The variants, by the names the benchmark and the depth harness use. */
    public enum Variant {
        /** Recursive {@code @Async} calls, each awaiting the one below. */
        AWAITJ,
        /** Like AWAITJ, but each level is started in a loop and awaits the previous level's future. */
        AWAITJ_ITERATIVELY_BUILT,
        /** One hand-written callback object per level, registered on the level below. */
        HAND_WRITTEN_STATE_MACHINE,
        /** {@code chain(depth - 1).thenCompose(v -> completedFuture(v + 1))}. */
        THEN_COMPOSE,
        /** Plain recursion in a virtual thread that blocks in {@code bottom.join()}. */
        VIRTUAL_THREAD
    }

    /** A chain waiting to be resumed: complete {@link #resume} and read the top's value. */
    public interface Waiting {
        /** Completes the bottom and returns the top's value (the depth). */
        int resume();
    }

    /** Builds a chain of {@code depth} levels on the calling thread (recursive variants need its stack). */
    public static Waiting build(Variant variant, int depth) {
        CompletableFuture<Integer> bottom = new CompletableFuture<>();
        switch (variant) {
            case AWAITJ:
                return futureChain(bottom, chain(depth, bottom));
            case AWAITJ_ITERATIVELY_BUILT: {
                CompletableFuture<Integer> top = bottom;
                for (int i = 0; i < depth; i++) {
                    top = addOne(top);
                }
                return futureChain(bottom, top);
            }
            case HAND_WRITTEN_STATE_MACHINE:
                return futureChain(bottom, Level.chain(depth, bottom));
            case THEN_COMPOSE:
                return futureChain(bottom, thenCompose(depth, bottom));
            case VIRTUAL_THREAD:
                return virtualThreadChain(bottom, depth);
            default:
                throw new IllegalArgumentException(String.valueOf(variant));
        }
    }

    private static Waiting futureChain(CompletableFuture<Integer> bottom, CompletableFuture<Integer> top) {
        if (top.isDone()) {
            throw new IllegalStateException("the chain finished before its bottom completed");
        }
        return () -> {
            bottom.complete(0);
            try {
                for (int waited = 0; ; waited++) {
                    try {
                        return top.get(waited == 0 ? 10 : 100, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException notYet) {
                        if (Level.overflowed || waited >= 600) {
                            throw notYet;
                        }
                    }
                }
            } catch (TimeoutException never) {
                // CompletableFuture catches what a callback throws, StackOverflowError included,
                // and completes the callback's own dependent with it: the level whose callback
                // overflowed is never completed, and the chain above it waits forever.
                throw new IllegalStateException("the top never completed"
                        + (Level.overflowed ? ": a level's callback overflowed the stack (StackOverflowError"
                                + " swallowed by CompletableFuture)" : ""));
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Async
    static CompletableFuture<Integer> chain(int depth, CompletableFuture<Integer> bottom) {
        if (depth == 0) {
            return CompletableFuture.completedFuture(await(bottom));
        }
        return CompletableFuture.completedFuture(await(chain(depth - 1, bottom)) + 1);
    }

    @Async
    static CompletableFuture<Integer> addOne(CompletableFuture<Integer> below) {
        return CompletableFuture.completedFuture(await(below) + 1);
    }

    static CompletableFuture<Integer> thenCompose(int depth, CompletableFuture<Integer> bottom) {
        if (depth == 0) {
            return bottom.thenCompose(CompletableFuture::completedFuture);
        }
        return thenCompose(depth - 1, bottom).thenCompose(value -> CompletableFuture.completedFuture(value + 1));
    }

    /** One level, by hand: waits for the level below and completes with its value plus one. */
    static final class Level extends CompletableFuture<Integer> implements BiConsumer<Integer, Throwable> {
        private final int add;

        private Level(int add) {
            this.add = add;
        }

        static CompletableFuture<Integer> chain(int depth, CompletableFuture<Integer> bottom) {
            CompletableFuture<Integer> below = depth == 0 ? bottom : chain(depth - 1, bottom);
            Level level = new Level(depth == 0 ? 0 : 1);
            if (below.isDone()) {
                level.accept(below.join(), null);
            } else {
                below.whenComplete(level);
            }
            return level;
        }

        /** Set when a callback overflowed, for the report (CompletableFuture swallows the error). */
        static volatile boolean overflowed;

        @Override
        public void accept(Integer value, Throwable failure) {
            try {
                if (failure != null) {
                    completeExceptionally(failure);
                } else {
                    complete(value + add);
                }
            } catch (StackOverflowError overflow) {
                overflowed = true;
                throw overflow;
            }
        }
    }

    /** Plain synchronous recursion: the floor. */
    public static int synchronous(int depth, int bottom) {
        return depth == 0 ? bottom : synchronous(depth - 1, bottom) + 1;
    }

    private static int blocking(int depth, CompletableFuture<Integer> bottom) {
        return depth == 0 ? bottom.join() : blocking(depth - 1, bottom) + 1;
    }

    private static Waiting virtualThreadChain(CompletableFuture<Integer> bottom, int depth) {
        int[] result = new int[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = VirtualThreads.start(() -> {
            try {
                result[0] = blocking(depth, bottom);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        while (bottom.getNumberOfDependents() == 0 && thread.isAlive()) {
            Thread.onSpinWait();
        }
        if (!thread.isAlive()) {
            throw new IllegalStateException("the virtual thread ended before waiting", failure[0]);
        }
        return () -> {
            bottom.complete(0);
            VirtualThreads.join(thread);
            if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
            return result[0];
        };
    }
}
