package dev.awaitj.benchmarks.w2;

import dev.awaitj.benchmarks.support.StageSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** W2 without awaitj: a hand-written callback state machine, and thenCompose recursion. */
final class CallbackLoop {
    private CallbackLoop() {
    }

    /** What awaitj generates, written by hand: continue inline, or register and return. */
    static final class StateMachine extends CompletableFuture<Integer>
            implements BiConsumer<Integer, Throwable> {
        private final StageSource source;
        private final int count;
        private int index;
        private int sum;

        private StateMachine(StageSource source, int count) {
            this.source = source;
            this.count = count;
        }

        static CompletableFuture<Integer> sum(StageSource source, int count) {
            StateMachine machine = new StateMachine(source, count);
            machine.loop();
            return machine;
        }

        /** Runs in locals, as a careful hand-writer would; fields only around a suspension. */
        private void loop() {
            int index = this.index;
            int sum = this.sum;
            while (index < count) {
                CompletableFuture<Integer> stage = source.next();
                if (!stage.isDone()) {
                    this.index = index;
                    this.sum = sum;
                    stage.whenComplete(this);
                    return;
                }
                sum += stage.join();
                index++;
            }
            complete(sum);
        }

        @Override
        public void accept(Integer value, Throwable failure) {
            if (failure != null) {
                completeExceptionally(failure);
                return;
            }
            sum += value;
            index++;
            loop();
        }
    }

    /** The idiomatic chain: each step composes the rest. */
    static CompletableFuture<Integer> thenCompose(StageSource source, int index, int count, int sum) {
        if (index == count) {
            return CompletableFuture.completedFuture(sum);
        }
        return source.next().thenCompose(value -> thenCompose(source, index + 1, count, sum + value));
    }
}
