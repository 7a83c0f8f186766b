package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.Dispatch;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structured concurrency and timers inside a real Netty 4.2 HTTP server's handler, started with
 * {@link Dispatch#call} on the channel's event loop: {@code TaskScope.run} forks run on the loop,
 * {@code Time.sleep} is scheduled on the loop's own scheduler and resumes on the loop, and a
 * fork's failure cancels its sibling and reaches the handler only after the sibling's
 * {@code finally} blocks (with their awaits) ran, innermost first.
 */
class NettyRuntimeTest {
    private static MultiThreadIoEventLoopGroup group;
    private static Completer completer;
    /** What went wrong anywhere: a continuation off its channel's loop, a timer not from Netty. */
    private static final Queue<String> PROBLEMS = new ConcurrentLinkedQueue<>();
    private static Channel server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        completer = new Completer();
        server = NettyHttpServer.bind(group, Handler::new);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        completer.close();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            EventLoop loop = ctx.channel().eventLoop();
            String path = request.uri(); // read now: the request is released when this returns
            Dispatch dispatch = Dispatch.on(loop, loop::inEventLoop);
            dispatch.call(() -> new Request(ctx, dispatch).handle(path)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    PROBLEMS.add("handler failed: " + failure);
                    ctx.close();
                }
            });
        }
    }

    /** One request's async work, on its channel's loop. */
    private static final class Request {
        private final ChannelHandlerContext ctx;
        private final Dispatch dispatch;
        private final List<String> log = Collections.synchronizedList(new ArrayList<>());

        Request(ChannelHandlerContext ctx, Dispatch dispatch) {
            this.ctx = ctx;
            this.dispatch = dispatch;
        }

        private void check(String where) {
            if (!ctx.channel().eventLoop().inEventLoop() || !dispatch.isCurrent()) {
                PROBLEMS.add(where + ": on " + Thread.currentThread().getName()
                        + ", not under the channel's loop's dispatch");
            }
        }

        /** A sleep whose timer must be Netty's own: its completion runs a Netty scheduled task. */
        private CompletableFuture<Void> nettySleep(int millis) {
            CompletableFuture<Void> sleep = Time.sleep(Duration.ofMillis(millis));
            sleep.whenComplete((ignored, failure) -> {
                boolean fromNetty = Arrays.stream(new Throwable().getStackTrace()).anyMatch(frame ->
                        frame.getClassName().equals("io.netty.util.concurrent.ScheduledFutureTask"));
                if (!fromNetty || !ctx.channel().eventLoop().inEventLoop()) {
                    PROBLEMS.add("a sleep's timer fired on " + Thread.currentThread().getName()
                            + (fromNetty ? "" : ", not from the loop's own scheduler"));
                }
            });
            return sleep;
        }

        @Async
        CompletableFuture<Void> handle(String path) {
            String body;
            switch (path) {
                case "/scope":
                    body = await(scope());
                    break;
                case "/failure":
                    body = await(failure());
                    break;
                default:
                    body = "no route " + path;
            }
            check("before the response");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            HttpUtil.setContentLength(response, bytes.length);
            ctx.writeAndFlush(response);
            return completedFuture(null);
        }

        @Async
        CompletableFuture<String> sleepy(String name) {
            await(nettySleep(2));
            check("after the sleep in " + name);
            return completedFuture(name);
        }

        @Async
        CompletableFuture<String> fromAnotherThread(String name) {
            String value = await(completer.later(name));
            check("after the other thread's stage in " + name);
            return completedFuture(value);
        }

        @Async
        CompletableFuture<String> scope() {
            String joined = await(TaskScope.run(scope -> {
                Task<String> timer = scope.fork(() -> sleepy("timer"));
                Task<String> other = scope.fork(() -> fromAnotherThread("other"));
                return scope.join().thenApply(ignored -> timer.join() + "+" + other.join());
            }));
            check("after TaskScope.run");
            return completedFuture(joined);
        }

        @Async
        CompletableFuture<Void> inner(CompletableFuture<Void> waiting) {
            try {
                CompletableFuture<Void> never = new CompletableFuture<>();
                waiting.complete(null);
                await(never);
            } finally {
                await(nettySleep(2)); // cleanup that really suspends, on Netty's scheduler
                check("inner finally");
                log.add("inner finally");
            }
            return completedFuture(null);
        }

        @Async
        CompletableFuture<Void> sibling(CompletableFuture<Void> waiting) {
            try {
                await(inner(waiting));
            } finally {
                check("sibling finally");
                log.add("sibling finally");
            }
            return completedFuture(null);
        }

        @Async
        CompletableFuture<Void> failing(CompletableFuture<Void> siblingWaits) {
            await(siblingWaits);
            await(completer.later("go"));
            check("in the failing fork");
            throw new IllegalStateException("fork failed");
        }

        @Async
        CompletableFuture<String> failure() {
            CompletableFuture<Void> siblingWaits = new CompletableFuture<>();
            try {
                await(TaskScope.run(scope -> {
                    scope.fork(() -> sibling(siblingWaits));
                    scope.fork(() -> failing(siblingWaits));
                    return completedFuture(null);
                }));
                return completedFuture("no failure");
            } catch (IllegalStateException failed) {
                check("catching the fork's failure");
                return completedFuture("caught " + failed.getMessage() + " after " + log);
            }
        }
    }

    private static CompletableFuture<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        });
    }

    @Test
    void aScopeInAHandlerForksOnTheLoopAndItsSleepsUseTheLoopsScheduler() throws Exception {
        assertEquals("timer+other", get("/scope").get(10, TimeUnit.SECONDS));
        assertTrue(PROBLEMS.isEmpty(), PROBLEMS.toString());
    }

    @Test
    void aForksFailureCancelsItsSiblingAndReachesTheHandlerAfterTheCleanupInnermostFirst() throws Exception {
        List<CompletableFuture<String>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // concurrent requests, spread over the group's two loops
            responses.add(get("/failure"));
        }
        for (CompletableFuture<String> response : responses) {
            assertEquals("caught fork failed after [inner finally, sibling finally]",
                    response.get(20, TimeUnit.SECONDS));
        }
        assertTrue(PROBLEMS.isEmpty(), PROBLEMS.toString());
    }
}
