package dev.awaitj.processor;

import static dev.awaitj.processor.AsyncRun.assertOutcome;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Results and exceptions: how a body's outcome reaches its future, and how failures reach awaits. */
class ExceptionsTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Failures", """
                package t;

                import static dev.awaitj.Await.await;
                import static dev.awaitj.testing.Stages.*;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.io.IOException;
                import java.util.concurrent.*;

                public class Failures {
                    public static final IllegalStateException SHARED = new IllegalStateException("shared");

                    @Async static CompletableFuture<String> throwsBeforeFirstAwait() {
                        log("start");
                        if (SHARED != null) throw new IllegalArgumentException("early");
                        return completedFuture(await(value("late")));
                    }

                    @Async static CompletableFuture<String> throwsAfterAwait() {
                        String s = await(value("x"));
                        throw new IllegalStateException("after " + s);
                    }

                    @Async static CompletableFuture<String> rethrowsTheSameInstance() {
                        await(failure(SHARED));
                        return completedFuture("unreached");
                    }

                    @Async static CompletableFuture<String> catchesOriginalCause() {
                        try {
                            await(value(1));
                            return completedFuture(await(failure(new ArithmeticException("div"))));
                        } catch (ArithmeticException e) {
                            return completedFuture("caught " + e.getMessage());
                        } catch (CompletionException e) {
                            return completedFuture("wrapped!");
                        }
                    }

                    @Async static CompletableFuture<String> unwrapsDependentStageFailures() {
                        CompletableFuture<Integer> failing = value(0).thenApply(x -> 10 / x);
                        try {
                            await(failing);
                            return completedFuture("unreached");
                        } catch (ArithmeticException e) {
                            return completedFuture("unwrapped " + e.getMessage());
                        }
                    }

                    @Async static CompletableFuture<String> checkedCauseByItsType() {
                        try {
                            return completedFuture(await(failure(new IOException("disk")), IOException.class));
                        } catch (IOException e) {
                            return completedFuture("io " + e.getMessage() + await(value("!")));
                        }
                    }

                    @Async static CompletableFuture<String> checkedFormPassesValues() throws Exception {
                        return completedFuture(await(value("v"), Exception.class));
                    }

                    @Async static CompletableFuture<String> returnsAFailedStage() {
                        await(value(1));
                        return CompletableFuture.failedFuture(new UnsupportedOperationException("failed stage"));
                    }

                    @Async static CompletableFuture<String> returnsAPendingStage() {
                        String prefix = await(value("p"));
                        return value(prefix + "-pending");
                    }

                    @Async static CompletionStage<String> declaredAsCompletionStage() {
                        return CompletableFuture.completedFuture(await(value("stage")));
                    }

                    @Async static CompletableFuture<String> returnsNull() {
                        await(value(1));
                        return null;
                    }

                    @Async static CompletableFuture<String> errorsAreCaptured() {
                        await(value(1));
                        throw new AssertionError("an Error");
                    }

                    @Async static CompletableFuture<String> propagatesThroughAsyncCalls() {
                        try {
                            return completedFuture(await(throwsAfterAwait()));
                        } catch (IllegalStateException e) {
                            return completedFuture("from callee: " + e.getMessage());
                        }
                    }

                    @Async static CompletableFuture<String> awaitNull() {
                        try {
                            CompletableFuture<String> nothing = null;
                            return completedFuture(await(nothing));
                        } catch (NullPointerException e) {
                            return completedFuture("npe");
                        }
                    }

                    @Async static CompletableFuture<String> minimalStage() {
                        CompletionStage<String> minimal = value("minimal").minimalCompletionStage();
                        return completedFuture(await(minimal) + await(value("!")));
                    }

                    @Async static CompletableFuture<String> finallyOverridesException() {
                        try {
                            await(failure(new IllegalStateException("lost")));
                            return completedFuture("unreached");
                        } finally {
                            await(value(1));
                            throw new IllegalArgumentException("from finally");
                        }
                    }
                }
                """).loadClass("t.Failures");
    }

    @Test
    void anExceptionBeforeTheFirstAwaitFailsTheFutureInsteadOfThrowing() {
        assertOutcome(program, "throwsBeforeFirstAwait", "threw java.lang.IllegalArgumentException: early start");
    }

    @Test
    void anExceptionAfterAnAwaitFailsTheFuture() {
        assertOutcome(program, "throwsAfterAwait", "threw java.lang.IllegalStateException: after x");
    }

    @Test
    void awaitRethrowsTheOriginalExceptionInstance() throws Exception {
        for (dev.awaitj.testing.Stages.Mode mode : dev.awaitj.testing.Stages.Mode.values()) {
            dev.awaitj.testing.Stages.reset(mode);
            CompletableFuture<?> future = AsyncRun.call(program, "rethrowsTheSameInstance");
            dev.awaitj.testing.Stages.Pending pending;
            while ((pending = dev.awaitj.testing.Stages.nextPending()) != null) {
                pending.complete();
            }
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class, future::get);
            assertSame(program.getField("SHARED").get(null), failure.getCause(), mode.toString());
        }
    }

    @Test
    void catchSeesTheCauseNotCompletionException() {
        assertOutcome(program, "catchesOriginalCause", "caught div");
        assertOutcome(program, "unwrapsDependentStageFailures", "unwrapped / by zero");
    }

    @Test
    void checkedCauseCanBeCaughtByItsOwnType() {
        assertOutcome(program, "checkedCauseByItsType", "io disk!");
        assertOutcome(program, "checkedFormPassesValues", "v");
    }

    @Test
    void returnedStagesGiveTheirOutcome() {
        assertOutcome(program, "returnsAFailedStage",
                "threw java.lang.UnsupportedOperationException: failed stage");
        assertOutcome(program, "returnsAPendingStage", "p-pending");
        assertOutcome(program, "declaredAsCompletionStage", "stage");
    }

    @Test
    void returningNullFailsWithAClearMessage() {
        assertOutcome(program, "returnsNull",
                "threw java.lang.NullPointerException: an @Async method returned null instead of a CompletionStage");
    }

    @Test
    void errorsAreCapturedToo() {
        assertOutcome(program, "errorsAreCaptured", "threw java.lang.AssertionError: an Error");
    }

    @Test
    void failuresPropagateThroughAwaitingCallers() {
        assertOutcome(program, "propagatesThroughAsyncCalls", "from callee: after x");
    }

    @Test
    void awaitOfNullThrowsNullPointerExceptionAtTheAwait() {
        assertOutcome(program, "awaitNull", "npe");
    }

    @Test
    void stagesThatAreNotCompletableFuturesAreAwaitedThroughCallbacks() {
        assertOutcome(program, "minimalStage", "minimal!");
    }

    @Test
    void anExceptionFromFinallyReplacesTheOriginal() {
        assertOutcome(program, "finallyOverridesException", "threw java.lang.IllegalArgumentException: from finally");
    }

    @Test
    void theReturnedFutureIsOwnedByTheRuntime() {
        dev.awaitj.testing.Stages.reset(dev.awaitj.testing.Stages.Mode.COMPLETED);
        CompletableFuture<?> future = AsyncRun.call(program, "throwsAfterAwait");
        assertTrue(future instanceof dev.awaitj.internal.AsyncFuture, future.getClass().getName());
    }
}
