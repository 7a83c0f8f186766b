package dev.awaitj.benchmarks.w1;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** W1 without awaitj: the two ways CompletableFuture code is written by hand. */
final class CallbackSum {
    private CallbackSum() {
    }

    /**
     * An explicit state machine: a loop that continues inline while stages are complete and
     * registers itself with {@code whenComplete} when one is not (what awaitj generates, by hand).
     */
    static final class StateMachine extends CompletableFuture<Integer>
            implements BiConsumer<Integer, Throwable> {
        private final CompletableFuture<Integer>[] stages;
        private int index;
        private int sum;

        StateMachine(CompletableFuture<Integer>[] stages) {
            this.stages = stages;
        }

        static CompletableFuture<Integer> sum(CompletableFuture<Integer>[] stages) {
            StateMachine machine = new StateMachine(stages);
            machine.loop();
            return machine;
        }

        /** Runs in locals, as a careful hand-writer would; fields only around a suspension. */
        private void loop() {
            CompletableFuture<Integer>[] stages = this.stages;
            int index = this.index;
            int sum = this.sum;
            while (index < stages.length) {
                CompletableFuture<Integer> stage = stages[index];
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

    /** Idiomatic composition: each step is a {@code thenCompose} of the next. */
    static CompletableFuture<Integer> thenCompose(CompletableFuture<Integer>[] stages, int index, int sum) {
        if (index == stages.length) {
            return CompletableFuture.completedFuture(sum);
        }
        return stages[index].thenCompose(value -> thenCompose(stages, index + 1, sum + value));
    }
}
