package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The asyncio tutorial's hello world: a task, a sleep, the loop. */
class HelloWorldTest {
    private final List<String> out = new ArrayList<>();
    private TestEventLoop loop;

    @Async
    CompletableFuture<Void> sayAfter(Duration delay, String what) {
        await(Time.sleep(delay));
        out.add(what + " at " + loop.elapsed().toSeconds() + "s");
        return CompletableFuture.completedFuture(null);
    }

    @Async
    CompletableFuture<Void> main() {
        Task<Void> hello = Task.spawn("hello", () -> sayAfter(Duration.ofSeconds(1), "hello"));
        Task<Void> world = Task.spawn("world", () -> sayAfter(Duration.ofSeconds(2), "world"));
        await(hello);
        await(world);
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void tasksSleepConcurrentlyInVirtualTime() throws Exception {
        loop = TestEventLoop.create();
        loop.runUntilComplete(this::main);
        assertEquals(List.of("hello at 1s", "world at 2s"), out);
        assertEquals(Duration.ofSeconds(2), loop.elapsed());
    }

    @Async
    static CompletableFuture<String> greet() {
        await(Time.sleep(Duration.ofMillis(1)));
        return CompletableFuture.completedFuture("Hello, World");
    }

    @Test
    void theRealLoopRunsTheSameCode() throws Exception {
        assertEquals("Hello, World", EventLoop.run(HelloWorldTest::greet));
    }
}
