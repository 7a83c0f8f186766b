package it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awaitj.EventLoop;
import dev.awaitj.annotation.Async;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SumsTest {
    @Test
    void alreadyCompletedStages() {
        CompletableFuture<String> sum = Sums.sum(List.of(CompletableFuture.completedFuture(20),
                CompletableFuture.completedFuture(22)), "sum", Sums.Op.ADD);
        assertEquals("finally;sum 42", sum.join());
    }

    @Test
    void stagesCompletedLaterOnAnotherThread() throws Exception {
        CompletableFuture<Integer> a = new CompletableFuture<>();
        CompletableFuture<Integer> b = new CompletableFuture<>();
        CompletableFuture<String> sum = Sums.sum(List.of(a, b), "twice", Sums.Op.TWICE);
        assertFalse(sum.isDone());
        Thread completer = new Thread(() -> {
            a.complete(10);
            b.complete(11);
        });
        completer.start();
        completer.join();
        assertEquals("finally;twice 42", sum.get());
    }

    @Test
    void aTestClassOfItsOwnIsRewrittenByRewriteTests() throws Exception {
        assertEquals(Integer.valueOf(42), EventLoop.run(SumsTest::inTest));
    }

    @Async
    static CompletableFuture<Integer> inTest() {
        CompletableFuture<Integer> later = new CompletableFuture<>();
        new Thread(() -> later.complete(41)).start();
        return CompletableFuture.completedFuture(await(Sums.scoped(later)));
    }
}
