package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.ContextValue;
import dev.awaitj.Dispatch;
import dev.awaitj.annotation.Async;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each thread of a real Netty group adopts a dispatch of its own (the Dispatch Javadoc's recipe),
 * and {@code @Async} methods are started there plainly, from Netty tasks, with no
 * {@link Dispatch#call}: they are back on their thread after every await, and the
 * {@link ContextValue} each request binds stays with that request however the requests
 * interleave on the two threads.
 */
class NettyAdoptedThreadTest {
    private static final ContextValue<String> REQUEST_ID = ContextValue.named("requestId");
    private static final int REQUESTS = 2_000;

    private static MultiThreadIoEventLoopGroup group;
    private static Completer completer;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        completer = new Completer();
        for (EventExecutor loop : group) {
            loop.submit(() -> Dispatch.on(loop, loop::inEventLoop).adoptCurrentThread()).get(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        completer.close();
    }

    private static CompletionStage<String> stage(String value, boolean later) {
        return later ? completer.later(value) : CompletableFuture.completedFuture(value);
    }

    @Async
    static CompletableFuture<List<String>> twoAwaits(EventExecutor loop, boolean later) {
        List<String> seen = new ArrayList<>();
        seen.add(await(stage("first", later)) + "@" + Thread.currentThread().getName() + ":" + loop.inEventLoop());
        seen.add(await(stage("second", later)) + "@" + Thread.currentThread().getName() + ":" + loop.inEventLoop());
        return CompletableFuture.completedFuture(seen);
    }

    private static void eachLoopResumesOnItsOwnThread(boolean later) throws Exception {
        for (EventExecutor loop : group) {
            String thread = loop.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
            CompletableFuture<List<String>> started = loop.submit(() -> twoAwaits(loop, later))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(List.of("first@" + thread + ":true", "second@" + thread + ":true"),
                    started.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void afterAwaitingStagesAlreadyCompleteAMethodStartedOnAnAdoptedThreadIsStillThere() throws Exception {
        eachLoopResumesOnItsOwnThread(false);
    }

    @Test
    void afterAwaitingStagesCompletedByAnotherThreadAMethodStartedOnAnAdoptedThreadIsBackThere() throws Exception {
        eachLoopResumesOnItsOwnThread(true);
    }

    /** Sightings of another request's id (or of none where its own was bound). */
    private static final Queue<String> wrongSightings = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger checks = new AtomicInteger();

    private static void expect(String id, String where) {
        String seen = REQUEST_ID.get();
        checks.incrementAndGet();
        if (!id.equals(seen)) {
            wrongSightings.add(id + " saw " + seen + " " + where);
        }
    }

    /**
     * A request handler: binds its id and awaits five times, some stages already complete and
     * some completed later by the completer's thread (which mix differs by request), checking its
     * id after each await and in an async method it calls.
     */
    @Async
    static CompletableFuture<Void> handle(int n, EventExecutor loop) {
        String id = "req-" + n;
        if (REQUEST_ID.isSet()) {
            wrongSightings.add(id + " saw " + REQUEST_ID.get() + " before binding its own");
        }
        try (var bound = REQUEST_ID.bind(id)) {
            for (int step = 0; step < 4; step++) {
                await(stage(id, (n >> step & 1) == 1));
                expect(id, "after await " + step);
                if (!loop.inEventLoop()) {
                    wrongSightings.add(id + " resumed off its loop, on " + Thread.currentThread().getName());
                }
            }
            await(callee(id, (n & 1) == 0));
            expect(id, "after its callee returned");
        }
        return CompletableFuture.completedFuture(null);
    }

    @Async
    static CompletableFuture<Void> callee(String id, boolean later) {
        expect(id, "in its callee");
        await(stage(id, later));
        expect(id, "in its callee, after an await");
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void manyConcurrentRequestsOnTwoAdoptedThreadsEachSeeOnlyTheirOwnId() throws Exception {
        wrongSightings.clear();
        checks.set(0);
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        List<CompletableFuture<Void>> handled = new ArrayList<>(REQUESTS);
        Queue<String> plainCodeSaw = new ConcurrentLinkedQueue<>();
        for (int n = 0; n < REQUESTS; n++) {
            EventExecutor loop = loops.get(n % loops.size());
            CompletableFuture<Void> done = new CompletableFuture<>();
            handled.add(done);
            int request = n;
            loop.execute(() -> { // a framework callback, as channelRead would be
                handle(request, loop).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(null);
                    }
                });
                if (REQUEST_ID.isSet()) {
                    plainCodeSaw.add("req-" + request + "'s callback then saw " + REQUEST_ID.get());
                }
            });
        }
        CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertTrue(wrongSightings.isEmpty(), () -> wrongSightings.size() + " wrong sightings, first: "
                + wrongSightings.peek());
        assertTrue(plainCodeSaw.isEmpty(), () -> plainCodeSaw.size() + " leaks, first: " + plainCodeSaw.peek());
        assertEquals(REQUESTS * 7, checks.get());
    }
}
