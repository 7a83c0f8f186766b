package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Structured concurrency: join, fail-fast cancellation, suppressed failures, supervisor, close. */
class TaskScopeTest {

    @Test
    void joinWaitsForEveryFork() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        String result = loop.runUntilComplete(() -> {
            TaskScope scope = TaskScope.open();
            Task<String> a = scope.fork("a", () -> Time.sleep(Duration.ofSeconds(2), "a"));
            Task<String> b = scope.fork(() -> CompletableFuture.completedFuture("b"));
            return Steps.run(scope::join, ignored -> {
                scope.close();
                return CompletableFuture.completedFuture(a.join() + b.join());
            });
        });
        assertEquals("ab", result);
        assertEquals(Duration.ofSeconds(2), loop.elapsed());
    }

    @Test
    void joinOfAScopeWithoutForksIsComplete() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        loop.runUntilComplete(() -> {
            try (TaskScope scope = TaskScope.open()) {
                assertTrue(scope.join().isDone());
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void oneFailureCancelsTheSiblingsAndIsThrownWithTheOthersSuppressed() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        List<String> log = new ArrayList<>();
        AtomicReference<Task<?>> sibling = new AtomicReference<>();
        Exception thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(() -> {
            TaskScope scope = TaskScope.open();
            scope.fork(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                    ignored -> CompletableFuture.failedFuture(first)));
            // fails in the same loop iteration as the first, before its cancellation could land
            scope.fork(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                    ignored -> CompletableFuture.failedFuture(second)));
            sibling.set(scope.fork(() -> Steps.runFinally(() -> log.add("sibling finally"),
                    () -> Time.sleep(Duration.ofHours(1)))));
            return Steps.runFinally(scope::close, scope::join);
        }));
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {second}, first.getSuppressed());
        assertTrue(sibling.get().isCancelled());
        assertEquals(List.of("sibling finally"), log);
        assertEquals(Duration.ofSeconds(1), loop.elapsed());
    }

    @Test
    void closeAsyncWaitsForTheForksWithoutJoinAndLetsThemForkMore() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        AtomicReference<Task<String>> late = new AtomicReference<>();
        String result = loop.runUntilComplete(() -> {
            TaskScope scope = TaskScope.open();
            Task<String> a = scope.fork(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(2)), ignored -> {
                late.set(scope.fork(() -> Time.sleep(Duration.ofSeconds(1), "late")));
                return CompletableFuture.completedFuture("a");
            }));
            CompletableFuture<Void> closing = scope.closeAsync();
            assertFalse(closing.isDone(), "waits for the fork, does not cancel it");
            return Steps.run(() -> closing, ignored -> CompletableFuture.completedFuture(a.join() + late.get().join()));
        });
        assertEquals("alate", result);
        assertEquals(Duration.ofSeconds(3), loop.elapsed(), "the fork forked while the close waited is waited for too");
    }

    @Test
    void closeAsyncOfAFailingScopeCancelsTheSiblingsAndFailsAfterTheirCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        IOException failure = new IOException("fork failed");
        List<String> log = new ArrayList<>();
        IOException thrown = assertThrows(IOException.class, () -> loop.runUntilComplete(() -> {
            TaskScope scope = TaskScope.open();
            scope.fork(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                    ignored -> CompletableFuture.failedFuture(failure)));
            scope.fork(() -> Steps.runFinally(() -> log.add("sibling finally"), () -> Time.sleep(Duration.ofHours(1))));
            return scope.closeAsync();
        }));
        assertSame(failure, thrown);
        assertEquals(List.of("sibling finally"), log);
        assertEquals(Duration.ofSeconds(1), loop.elapsed());
    }

    @Test
    void cancellingAWaitingCloseAsyncCancelsTheForks() {
        TestEventLoop loop = TestEventLoop.create();
        AtomicReference<Task<?>> fork = new AtomicReference<>();
        Task<Object> owner = loop.spawn(() -> {
            TaskScope scope = TaskScope.open();
            fork.set(scope.fork(() -> Time.sleep(Duration.ofHours(1))));
            return Steps.run(scope::closeAsync, ignored -> CompletableFuture.completedFuture(null));
        });
        loop.runUntilIdle();
        assertFalse(owner.isDone());
        owner.cancel(true);
        loop.runUntilIdle();
        assertTrue(fork.get().isCancelled());
        assertTrue(owner.isCancelled());
    }

    @Test
    void aSupervisorLetsSiblingsFinish() throws Exception {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            AtomicReference<Task<String>> failing = new AtomicReference<>();
            String result = loop.runUntilComplete(() -> {
                TaskScope scope = TaskScope.openSupervisor();
                assertTrue(scope.isSupervisor());
                failing.set(scope.fork(() -> CompletableFuture.failedFuture(new IOException("one"))));
                Task<String> ok = scope.fork(() -> Time.sleep(Duration.ofSeconds(1), "ok"));
                return Steps.run(scope::join, ignored -> {
                    scope.close();
                    return CompletableFuture.completedFuture(ok.join());
                });
            });
            assertEquals("ok", result);
            assertTrue(failing.get().isCompletedExceptionally());
            loop.close();
            assertTrue(reports.any("failed and nobody awaited it"), "nobody looked at the supervised failure");
        }
    }

    @Test
    void cancellingTheOwnerWhileItJoinsCancelsTheForks() {
        TestEventLoop loop = TestEventLoop.create();
        AtomicReference<Task<?>> fork = new AtomicReference<>();
        Task<Object> owner = loop.spawn(() -> {
            TaskScope scope = TaskScope.open();
            fork.set(scope.fork(() -> Time.sleep(Duration.ofHours(1))));
            return Steps.runFinally(scope::close, scope::join);
        });
        loop.runUntilIdle();
        owner.cancel(true);
        loop.runUntilIdle();
        assertTrue(fork.get().isCancelled());
    }

    @Test
    void leavingTheBlockEarlyCancelsForksAndClosingUnjoinedIsAnError() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        AtomicReference<Task<?>> fork = new AtomicReference<>();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> {
            try (TaskScope scope = TaskScope.open()) {
                fork.set(scope.fork(() -> Time.sleep(Duration.ofHours(1))));
            }
            return CompletableFuture.completedFuture(null);
        }));
        assertTrue(error.getMessage().contains("without join() outside @Async code"), error.getMessage());
        assertTrue(error.getMessage().contains("await(scope.join()) before the end of the try block"), error.getMessage());
        assertTrue(fork.get().isCancelled());
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> {
            TaskScope scope = TaskScope.open();
            scope.close();
            scope.fork(() -> CompletableFuture.completedFuture(1));
            return CompletableFuture.completedFuture(null);
        }));
    }

    @Test
    void forksInheritContextAndRunOnTheScopesLoop() throws Exception {
        ContextValue<String> value = ContextValue.named("scope");
        TestEventLoop loop = TestEventLoop.create();
        String seen = loop.runUntilComplete(() -> {
            value.set("owner's");
            TaskScope scope = TaskScope.open();
            Task<String> fork = scope.fork(() -> CompletableFuture.completedFuture(
                    value.get() + " on " + (EventLoop.current() == loop)));
            return Steps.run(scope::join, ignored -> {
                scope.close();
                return fork;
            });
        });
        assertEquals("owner's on true", seen);
        assertFalse(loop.isClosed());
    }
}
