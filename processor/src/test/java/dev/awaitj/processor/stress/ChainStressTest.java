package dev.awaitj.processor.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.awaitj.processor.verify.CompiledProgram;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A chain of 1,000,000 awaiting callers that all complete at once, on a thread with a 1 MB stack:
 * resumption is iterative, so the stack does not grow with the chain.
 */
class ChainStressTest {
    private static final int LENGTH = Integer.getInteger("awaitj.stress.chain", 1_000_000);
    private static final long ONE_MB = 1L << 20;
    private static Class<?> chain;

    @BeforeAll
    static void compile() {
        chain = CompiledProgram.rewritten("s.Chain", """
                package s;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.concurrent.CompletableFuture;

                public class Chain {
                    /** One link: waits for the previous one. */
                    @Async
                    public static CompletableFuture<Integer> link(CompletableFuture<Integer> previous) {
                        return completedFuture(await(previous) + 1);
                    }

                    /** A recursive chain: each level awaits the level below, the last one awaits the leaf. */
                    @Async
                    public static CompletableFuture<Integer> deep(int n, CompletableFuture<Integer> leaf) {
                        if (n == 0) {
                            return completedFuture(await(leaf));
                        }
                        long wide = n;
                        return completedFuture(await(deep(n - 1, leaf)) + (int) (wide - n) + 1);
                    }
                }
                """).load("s.Chain");
    }

    @Test
    void millionLinksCompleteAtOnceOnAOneMegabyteStack() throws Exception {
        Method link = chain.getMethod("link", CompletableFuture.class);
        CompletableFuture<Integer> leaf = new CompletableFuture<>();
        CompletableFuture<?> last = leaf;
        for (int i = 0; i < LENGTH; i++) {
            last = (CompletableFuture<?>) link.invoke(null, last);
        }
        long started = System.nanoTime();
        completeOnSmallStack(leaf);
        assertEquals(LENGTH, last.get(1, TimeUnit.MINUTES));
        System.out.printf("chain: %,d awaiting callers resumed from a 1 MB stack in %.2f s%n",
                LENGTH, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void millionRecursiveCallersCompleteAtOnceOnAOneMegabyteStack() throws Exception {
        Method deep = chain.getMethod("deep", int.class, CompletableFuture.class);
        CompletableFuture<Integer> leaf = new CompletableFuture<>();
        AtomicReference<Object> top = new AtomicReference<>();
        // Building the chain is ordinary recursion (each level calls the next before it suspends),
        // so it runs on a big stack; only the completion is under test.
        Thread builder = new Thread(null, () -> {
            try {
                top.set(deep.invoke(null, LENGTH, leaf));
            } catch (ReflectiveOperationException | RuntimeException | StackOverflowError e) {
                top.set(e);
            }
        }, "build-deep-chain", 1L << 30);
        builder.start();
        builder.join();
        CompletableFuture<?> result = (CompletableFuture<?>) top.get();
        long started = System.nanoTime();
        completeOnSmallStack(leaf);
        assertEquals(LENGTH, result.get(1, TimeUnit.MINUTES));
        System.out.printf("chain: %,d recursive awaiting callers resumed from a 1 MB stack in %.2f s%n",
                LENGTH, (System.nanoTime() - started) / 1e9);
    }

    private static void completeOnSmallStack(CompletableFuture<Integer> leaf) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread completer = new Thread(null, () -> {
            try {
                leaf.complete(0);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "complete-chain", ONE_MB);
        completer.start();
        completer.join();
        assertNull(failure.get(), "completing the chain threw (stack overflow?)");
    }
}
