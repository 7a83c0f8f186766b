package dev.awaitj.netty;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.Dispatch;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One {@link Dispatch} per event loop, from the loop and from elsewhere, forgotten when the loop ends. */
class NettyDispatchTest {
    @Test
    void aLoopHasOneDispatchWhicheverThreadAsksUntilItTerminates() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoop first = group.next();
        EventLoop second = group.next();
        Dispatch fromOutside = NettyDispatch.of(first);
        Dispatch fromTheLoop = CompletableFuture.supplyAsync(() -> NettyDispatch.of(first), first).get(5, TimeUnit.SECONDS);
        assertSame(fromOutside, fromTheLoop);
        assertSame(first, fromOutside.executor());
        assertNotSame(fromOutside, NettyDispatch.of(second));
        assertTrue(CompletableFuture.supplyAsync(fromOutside::isCurrent, fromOutside).get(5, TimeUnit.SECONDS),
                "a task the dispatch runs runs under it");

        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (NettyDispatch.of(first) == fromOutside && System.nanoTime() < deadline) {
            Thread.sleep(1); // the termination listener runs on Netty's own thread
        }
        assertNotSame(fromOutside, NettyDispatch.of(first), "a terminated loop's dispatch is forgotten");
    }
}
