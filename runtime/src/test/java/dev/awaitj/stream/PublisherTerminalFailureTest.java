package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TestEventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** A subscriber that throws from a terminal signal is reported, never dropped (the loop's handler hears it). */
class PublisherTerminalFailureTest {
    private static final class ThrowingSubscriber implements Flow.Subscriber<Integer> {
        final RuntimeException thrown = new IllegalStateException("subscriber broke");
        final List<Integer> received = new ArrayList<>();

        @Override public void onSubscribe(Flow.Subscription subscription) { subscription.request(Long.MAX_VALUE); }
        @Override public void onNext(Integer item) { received.add(item); }
        @Override public void onError(Throwable failure) { throw thrown; }
        @Override public void onComplete() { throw thrown; }
    }

    private static List<Throwable> subscribeOnALoop(AsyncStream<Integer> stream, ThrowingSubscriber subscriber) {
        TestEventLoop loop = TestEventLoop.create();
        List<Throwable> handled = new ArrayList<>();
        loop.setExceptionHandler((message, failure) -> {
            assertTrue(message.contains("Flow.Subscriber threw from"), message);
            handled.add(failure);
        });
        loop.spawn(() -> {
            stream.toPublisher().subscribe(subscriber);
            return CompletableFuture.completedFuture(null);
        });
        loop.runUntilIdle();
        return handled;
    }

    @Test
    void aThrowingOnCompleteIsReported() {
        ThrowingSubscriber subscriber = new ThrowingSubscriber();
        List<Throwable> handled = subscribeOnALoop(AsyncStream.values(1, 2), subscriber);
        assertEquals(List.of(1, 2), subscriber.received);
        assertEquals(1, handled.size());
        assertSame(subscriber.thrown, handled.get(0));
    }

    @Test
    void aThrowingOnErrorIsReported() {
        ThrowingSubscriber subscriber = new ThrowingSubscriber();
        AsyncStream<Integer> failing = AsyncStream.of(out -> CompletableFuture.failedFuture(new RuntimeException("producer")));
        List<Throwable> handled = subscribeOnALoop(failing, subscriber);
        assertEquals(1, handled.size());
        assertSame(subscriber.thrown, handled.get(0));
    }
}
