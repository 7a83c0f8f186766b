package dev.awaitj.frameworks.streams;

import dev.awaitj.stream.AsyncStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK (Flow flavour) against {@link AsyncStream#toPublisher()}: a producer
 * that emits {@code elements} values, half of them after a real suspension (an emit awaited on a
 * stage another thread completes), so both paths of the bridge are exercised.
 */
public class StreamPublisherTckTest extends FlowPublisherVerification<Long> {
    private final ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();

    public StreamPublisherTckTest() {
        super(new TestEnvironment(300L, 50L));
    }

    @AfterClass
    public void stop() {
        other.shutdownNow();
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return Producers.counting(elements, other).toPublisher();
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return AsyncStream.<Long>of(out -> CompletableFuture.failedFuture(new IllegalStateException("boom")))
                .toPublisher();
    }

    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }
}
