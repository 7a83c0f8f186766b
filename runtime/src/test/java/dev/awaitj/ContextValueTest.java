package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** Context values: per task, across suspensions and threads, copied into spawned work. */
class ContextValueTest {
    private static final ContextValue<String> REQUEST = ContextValue.named("request");
    private static final ContextValue<String> USER = ContextValue.withDefault("user", "anonymous");

    @Test
    void defaultsAndUnsetValues() {
        assertNull(REQUEST.get());
        assertEquals("anonymous", USER.get());
        assertFalse(USER.isSet());
        assertEquals("request", REQUEST.name());
    }

    @Test
    void aValueSetInATaskSurvivesSuspensionAndCompletionOnAnotherThread() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            TestEventLoop loop = TestEventLoop.create();
            List<String> seen = new ArrayList<>();
            loop.runUntilComplete(() -> {
                REQUEST.set("r1");
                return Steps.run(() -> CompletableFuture.supplyAsync(() -> "x", other),
                        ignored -> {
                            seen.add(REQUEST.get());
                            return Time.sleep(Duration.ofSeconds(1));
                        }, ignored -> {
                            seen.add(REQUEST.get());
                            return CompletableFuture.completedFuture(null);
                        });
            });
            assertEquals(List.of("r1", "r1"), seen);
            assertNull(REQUEST.get(), "the test thread is not the task");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void twoTasksInterleavingOnOneLoopEachSeeTheirOwnValue() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            loop.spawn(() -> {
                REQUEST.set(id);
                return Steps.run(() -> Time.sleep(Duration.ofSeconds(id.equals("a") ? 2 : 1)),
                        ignored -> {
                            seen.add(id + "=" + REQUEST.get());
                            return CompletableFuture.completedFuture(null);
                        });
            });
        }
        loop.advance(Duration.ofSeconds(3));
        assertEquals(List.of("b=b", "a=a"), seen);
    }

    @Test
    void spawnedTasksCopyTheValuesAndTheirChangesStayTheirOwn() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> {
            REQUEST.set("parent");
            Task<Void> child = Task.spawn(() -> {
                seen.add("child sees " + REQUEST.get());
                REQUEST.set("child");
                return CompletableFuture.completedFuture(null);
            });
            REQUEST.set("parent changed after spawn");
            return Steps.run(() -> child, ignored -> {
                seen.add("parent sees " + REQUEST.get());
                return CompletableFuture.completedFuture(null);
            });
        });
        assertEquals(List.of("child sees parent", "parent sees parent changed after spawn"), seen);
    }

    @Test
    void aBindingRestoresThePreviousValueEvenAfterResumingElsewhere() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> {
            USER.set("outer");
            ContextValue.Binding binding = USER.bind("inner");
            return Steps.run(() -> Time.sleep(Duration.ofSeconds(1)), ignored -> {
                seen.add(USER.get());
                binding.close();
                seen.add(USER.get());
                binding.close();
                seen.add(USER.get());
                return CompletableFuture.completedFuture(null);
            });
        });
        assertEquals(List.of("inner", "outer", "outer"), seen);
    }

    @Test
    void offLoopWorkSeesACopy() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        String seen = loop.runUntilComplete(() -> {
            REQUEST.set("to thread");
            return OffLoop.call(() -> REQUEST.get() + " on " + Thread.currentThread().getName());
        });
        assertTrue(seen.startsWith("to thread on awaitj-offloop-"), seen);
    }

    @Test
    void outsideTasksEachThreadHasItsOwnValues() throws Exception {
        try (var binding = REQUEST.bind("thread main")) {
            assertEquals("thread main", REQUEST.get());
            String[] other = new String[1];
            Thread thread = new Thread(() -> other[0] = REQUEST.get());
            thread.start();
            thread.join();
            assertNull(other[0]);
            TestEventLoop loop = TestEventLoop.create();
            assertEquals("thread main", loop.runUntilComplete(
                    () -> CompletableFuture.completedFuture(REQUEST.get())), "main copies the caller's values");
        }
        assertNull(REQUEST.get());
    }
}
