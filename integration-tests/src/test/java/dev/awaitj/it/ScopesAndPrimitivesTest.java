package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncLock;
import dev.awaitj.AsyncSemaphore;
import dev.awaitj.Channel;
import dev.awaitj.Permit;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Task scopes and the primitives as users write them, with try-with-resources and await. */
class ScopesAndPrimitivesTest {
    private final List<String> log = new ArrayList<>();

    @Async
    CompletableFuture<String> fetch(String name, int seconds, boolean fail) {
        try {
            await(Time.sleep(Duration.ofSeconds(seconds)));
            if (fail) {
                return CompletableFuture.failedFuture(new IOException(name + " failed"));
            }
            return CompletableFuture.completedFuture(name);
        } finally {
            log.add(name + " finally");
        }
    }

    @Async
    CompletableFuture<String> page(boolean failOne) {
        try (TaskScope scope = TaskScope.open()) {
            Task<String> user = scope.fork(() -> fetch("user", 1, failOne));
            Task<String> posts = scope.fork(() -> fetch("posts", 5, false));
            await(scope.join(), IOException.class);
            return CompletableFuture.completedFuture(user.join() + "+" + posts.join());
        } catch (IOException e) {
            return CompletableFuture.completedFuture("caught " + e.getMessage());
        }
    }

    @Test
    void aScopeJoinsItsForks() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> page(false));
        loop.advance(Duration.ofSeconds(5));
        assertEquals("user+posts", task.join());
    }

    @Test
    void aFailingForkCancelsItsSiblingAndTheFailureIsCaughtInTheOwner() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> page(true));
        loop.advance(Duration.ofSeconds(1));
        assertEquals("caught user failed", task.join());
        assertEquals(List.of("user finally", "posts finally"), log);
        assertEquals(Duration.ofSeconds(1), loop.elapsed());
    }

    private int counter;

    @Async
    CompletableFuture<Void> increment(AsyncLock lock) {
        try (Permit held = await(lock.acquire())) {
            int read = counter;
            await(Time.sleep(Duration.ofMillis(10)));   // another task would interleave here
            counter = read + 1;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aLockKeepsAReadModifyWriteAcrossAnAwaitAtomic() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        for (int i = 0; i < 10; i++) {
            loop.spawn(() -> increment(lock));
        }
        loop.advance(Duration.ofSeconds(1));
        assertEquals(10, counter);
        assertFalse(lock.isLocked());
    }

    @Async
    CompletableFuture<Void> limited(AsyncSemaphore slots, int[] inside, int[] most) {
        try (Permit slot = await(slots.acquire())) {
            most[0] = Math.max(most[0], ++inside[0]);
            await(Time.sleep(Duration.ofSeconds(1)));
            inside[0]--;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aSemaphoreBoundsConcurrency() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncSemaphore slots = new AsyncSemaphore(3);
        int[] inside = {0};
        int[] most = {0};
        for (int i = 0; i < 9; i++) {
            loop.spawn(() -> limited(slots, inside, most));
        }
        loop.advance(Duration.ofSeconds(10));
        assertEquals(3, most[0]);
        assertEquals(Duration.ofSeconds(10), loop.elapsed());
    }

    @Async
    CompletableFuture<Void> produce(Channel<Integer> channel, int count) {
        for (int i = 0; i < count; i++) {
            await(channel.send(i));
            log.add("sent " + i);
        }
        channel.close();
        return CompletableFuture.completedFuture(null);
    }

    @Async
    CompletableFuture<Integer> consume(Channel<Integer> channel) {
        int sum = 0;
        Optional<Integer> next;
        while ((next = await(channel.receiveOptional())).isPresent()) {
            await(Time.sleep(Duration.ofSeconds(1)));
            sum += next.get();
        }
        return CompletableFuture.completedFuture(sum);
    }

    @Test
    void aBoundedChannelAppliesBackpressureAndCloseEndsTheConsumer() {
        TestEventLoop loop = TestEventLoop.create();
        Channel<Integer> channel = Channel.withCapacity(2);
        loop.spawn(() -> produce(channel, 6));
        Task<Integer> consumer = loop.spawn(() -> consume(channel));
        loop.runUntilIdle();
        assertEquals(List.of("sent 0", "sent 1", "sent 2"), log, "two buffered, one taken, then it waits");
        loop.advance(Duration.ofSeconds(10));
        assertEquals(15, consumer.join());
    }

    @Async
    CompletableFuture<String> take(AsyncLock lock, AsyncCondition nonEmpty, ArrayDeque<String> items) {
        try (Permit held = await(lock.acquire())) {
            await(nonEmpty.waitUntil(() -> !items.isEmpty()));
            return CompletableFuture.completedFuture(items.remove() + " locked=" + lock.isLocked());
        }
    }

    @Async
    CompletableFuture<Void> put(AsyncLock lock, AsyncCondition nonEmpty, ArrayDeque<String> items, String item) {
        await(Time.sleep(Duration.ofSeconds(1)));
        try (Permit held = await(lock.acquire())) {
            items.add(item);
            nonEmpty.signal();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void aConditionHandsOverUnderTheLock() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        AsyncCondition nonEmpty = lock.newCondition();
        ArrayDeque<String> items = new ArrayDeque<>();
        Task<String> taker = loop.spawn(() -> take(lock, nonEmpty, items));
        loop.spawn(() -> put(lock, nonEmpty, items, "item"));
        loop.advance(Duration.ofSeconds(1));
        assertEquals("item locked=true", taker.join());
        assertFalse(lock.isLocked());
        assertArrayEquals(new Object[0], items.toArray());
        assertTrue(log.isEmpty());
    }
}
