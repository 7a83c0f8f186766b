package dev.awaitj.processor.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.verify.CompiledProgram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancellation arriving at every point of a method: while it waits at each of its awaits (in a
 * loop, a try, a finally, a try-with-resources, an awaited async callee), and while it runs between
 * them. Each outcome is checked against an oracle — the same source compiled without the
 * processor, whose stage at that point is already cancelled — so finally blocks, resource closing
 * and the callee's cleanup must happen exactly as in synchronous code. A last test races
 * cancellation against completion from two threads.
 */
class CancellationStressTest {
    private static final String SOURCE = """
            package s;

            import static %s.await;
            import static java.util.concurrent.CompletableFuture.completedFuture;

            import dev.awaitj.annotation.Async;
            import dev.awaitj.processor.stress.CancelSource;
            import java.util.concurrent.CancellationException;
            import java.util.concurrent.CompletableFuture;
            import java.util.function.Function;

            public class Work implements Function<CancelSource, CompletableFuture<String>> {
                @Async
                public CompletableFuture<String> apply(CancelSource src) {
                    StringBuilder out = new StringBuilder();
                    double wide = 1.5;
                    src.log("start");
                    try {
                        out.append(await(src.next("a")));
                        try {
                            for (int i = 0; i < 3; i++) {
                                out.append(await(src.next("loop" + i))).append(wide);
                                src.log("after loop" + i);
                            }
                        } catch (ArithmeticException e) {
                            src.log("unexpected " + e);
                        } finally {
                            src.log("inner finally");
                            out.append(await(src.next("in finally")));
                        }
                        try (AutoCloseable resource = src.closer("res")) {
                            out.append(await(sub(src)));
                            out.append(await(src.next("twr")));
                        }
                        out.append(await(src.next("last")));
                        src.log("done " + out);
                        return completedFuture(out.toString());
                    } catch (CancellationException e) {
                        src.log("cancelled");
                        throw e;
                    } catch (Exception e) {
                        src.log("unexpected " + e);
                        return completedFuture("unexpected");
                    } finally {
                        src.log("outer finally");
                    }
                }

                @Async
                static CompletableFuture<String> sub(CancelSource src) {
                    long wide = 7;
                    try {
                        String got = await(src.next("sub1")) + await(src.next("sub2"));
                        src.log("sub got " + got);
                        return completedFuture(got + wide);
                    } finally {
                        src.log("sub finally");
                    }
                }
            }
            """;

    private static Function<CancelSource, CompletableFuture<String>> rewritten;
    private static Function<CancelSource, CompletableFuture<String>> oracle;
    /** Stages the program awaits when nothing is cancelled. */
    private static int stages;

    @BeforeAll
    static void compile() {
        rewritten = CompiledProgram.rewritten("s.Work", String.format(SOURCE, "dev.awaitj.Await")).instance("s.Work");
        oracle = CompiledProgram.plain("s.Work", String.format(SOURCE, "dev.awaitj.processor.fuzz.BlockingAwait"))
                .instance("s.Work");
        CancelSource all = CancelSource.oracle(0);
        oracle.apply(all);
        stages = all.calls();
        assertEquals(9, stages);
    }

    /** Cancelled while suspended at await number {@code k + 1}, after {@code k} stages completed. */
    @Test
    void cancelledWhileWaitingAtEachAwait() throws Exception {
        for (int k = 0; k < stages; k++) {
            CancelSource source = CancelSource.pending(0);
            CompletableFuture<String> future = rewritten.apply(source);
            int completed = 0;
            CompletableFuture<String> stage;
            List<Boolean> stageCancelled = new ArrayList<>();
            while ((stage = source.poll()) != null) {
                if (completed++ == k) {
                    assertTrue(future.cancel(true), "cancel at await " + (k + 1));
                    stageCancelled.add(stage.isCancelled());
                    if (!stage.isDone()) {
                        stage.complete("late");
                    }
                } else {
                    stage.complete(labelOf(source, completed));
                }
            }
            assertEquals(List.of(true), stageCancelled, "the stage awaited at the cancellation was cancelled");
            assertTrue(future.isCancelled(), "cancelled at await " + (k + 1));
            assertEquals(oracleTrace(k + 1), source.trace(), "trace when cancelled at await " + (k + 1));
        }
    }

    /** Cancelled from inside the method while it runs: the next await throws. */
    @Test
    void cancelledWhileRunningBetweenAwaits() throws Exception {
        for (int call = 2; call <= stages; call++) {
            CancelSource source = CancelSource.pending(call);
            CompletableFuture<String> future = runCompletingEveryStage(source);
            assertTrue(future.isCancelled(), "cancelled inside call " + call);
            assertEquals(oracleTrace(call), source.trace(), "trace when cancelled inside call " + call);
        }
    }

    /** Runs the program on {@code source}, completing each stage it waits for until none is left. */
    private static CompletableFuture<String> runCompletingEveryStage(CancelSource source) throws Exception {
        CompletableFuture<String> future = rewritten.apply(source);
        source.future.set(future);
        int completed = 0;
        CompletableFuture<String> stage;
        while ((stage = source.poll()) != null) {
            completed++;
            if (!stage.isDone()) {
                stage.complete(labelOf(source, completed));
            }
        }
        return future;
    }

    /**
     * Cancelled while its awaited callee is running (not waiting): the caller's future reports the
     * cancellation at once, but the caller resumes only once the callee has ended, so the
     * callee's {@code finally} runs first, as in synchronous code.
     */
    @Test
    void cancellationWhileTheCalleeRunsRunsTheCalleesFinallyFirst() throws Exception {
        for (int call = 6; call <= 7; call++) {
            CancelSource source = CancelSource.pending(call);
            CompletableFuture<String> future = runCompletingEveryStage(source);
            assertTrue(future.isCancelled());
            List<String> trace = source.trace();
            assertEquals(sorted(oracleTrace(call)), sorted(trace), "the same events");
            assertTrue(trace.indexOf("sub finally") < trace.indexOf("outer finally"),
                    "callee first: " + trace);
        }
    }

    /** Cancellation racing completion from another thread, many times: every run ends coherently. */
    @Test
    void cancellationRacingCompletion() throws Exception {
        int runs = Integer.getInteger("awaitj.stress.cancelRaces", 20_000);
        AtomicReference<Throwable> escaped = new AtomicReference<>();
        int cancelled = 0;
        for (int run = 0; run < runs; run++) {
            CancelSource source = CancelSource.pending(0);
            CompletableFuture<String> future = rewritten.apply(source);
            Thread completer = new Thread(() -> {
                try {
                    int n = 0;
                    while (!future.isDone() || source.calls() > n) {
                        CompletableFuture<String> stage = source.poll();
                        if (stage == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        n++;
                        Spin.jitter(n);
                        stage.complete("v" + n);
                    }
                } catch (Throwable t) {
                    escaped.set(t);
                }
            });
            completer.start();
            Spin.jitter(run * 31);
            for (int i = run % 97; i > 0; i--) {
                Thread.onSpinWait();
            }
            future.cancel(true);
            completer.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!completer.isAlive(), "run " + run + " never finished: " + source.trace());
            List<String> trace = source.trace();
            assertEquals(1, Collections.frequency(trace, "outer finally"), "run " + run + ": " + trace);
            assertEquals(Collections.frequency(trace, "call sub1"), Collections.frequency(trace, "sub finally"),
                    "run " + run + ": " + trace);
            assertEquals(Collections.frequency(trace, "open res"), Collections.frequency(trace, "close res"),
                    "run " + run + ": " + trace);
            assertTrue(trace.stream().noneMatch(e -> e.startsWith("unexpected")), "run " + run + ": " + trace);
            if (future.isCancelled()) {
                cancelled++;
                assertTrue(trace.contains("cancelled") || trace.stream().anyMatch(e -> e.startsWith("done")),
                        "run " + run + ": " + trace);
            } else {
                assertTrue(trace.get(trace.size() - 2).startsWith("done"), "run " + run + ": " + trace);
            }
        }
        assertNotNull(rewritten);
        assertEquals(null, escaped.get(), "an exception escaped to the completing thread");
        System.out.printf("cancellation: %,d runs raced cancel against completion; %,d cancelled%n", runs, cancelled);
    }

    private static List<String> oracleTrace(int cancelledStage) {
        CancelSource source = CancelSource.oracle(cancelledStage);
        try {
            oracle.apply(source);
        } catch (RuntimeException expected) {
            // the oracle rethrows the CancellationException synchronously
        }
        return source.trace();
    }

    /** The label of stage number {@code n}: what the oracle's complete stage would hold. */
    private static String labelOf(CancelSource source, int n) {
        List<String> calls = new ArrayList<>();
        for (String entry : source.trace()) {
            if (entry.startsWith("call ")) {
                calls.add(entry.substring(5));
            }
        }
        return calls.get(n - 1);
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    @SuppressWarnings("unused")
    private static String await(Future<?> future) throws InterruptedException, ExecutionException, TimeoutException {
        return String.valueOf(future.get(1, TimeUnit.SECONDS));
    }
}
