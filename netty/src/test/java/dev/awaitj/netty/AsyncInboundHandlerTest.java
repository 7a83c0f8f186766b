package dev.awaitj.netty;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.annotation.Async;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncInboundHandler} in a real Netty HTTP server on 127.0.0.1, with Netty's leak detector
 * at PARANOID: the request stays readable after real suspensions and is released exactly once,
 * on both paths; the handler continues on its channel's loop; a failure before or after an await
 * reaches {@code exceptionCaught} as thrown; a client that goes away cancels the work, whose
 * {@code finally} runs on the loop before the request is released.
 */
class AsyncInboundHandlerTest {
    private static final MultiThreadIoEventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private static Channel server;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Every request a handler saw, to check its reference count once the work settled. */
    private static final Queue<FullHttpRequest> SEEN = new ConcurrentLinkedQueue<>();
    /** What reached exceptionCaught. */
    private static final Queue<Throwable> CAUGHT = new ConcurrentLinkedQueue<>();
    /** What went wrong inside the handler: a continuation off the loop, an unexpected refCnt. */
    private static final Queue<String> PROBLEMS = new ConcurrentLinkedQueue<>();

    private static volatile CountDownLatch hangStarted = new CountDownLatch(1);
    private static volatile CountDownLatch hangCleanedUp = new CountDownLatch(1);
    private static volatile String hangCleanup;

    /** The handler under test: what it does depends on the request's path. */
    static final class Handler extends AsyncInboundHandler<FullHttpRequest> {
        @Async
        @Override
        protected CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
            SEEN.add(request);
            String path = request.uri();
            boolean later = !path.startsWith("/complete");
            String first = await(later ? Later.value("first") : CompletableFuture.completedFuture("first"));
            check(ctx, "after the first await");
            if (path.startsWith("/fail")) {
                throw new IllegalStateException("boom after an await");
            }
            if (path.startsWith("/hang")) {
                await(hang(ctx, request));
            }
            if (path.startsWith("/retain")) {
                request.retain();
            }
            // read after a real suspension: SimpleChannelInboundHandler would have released it
            String body = request.content().toString(StandardCharsets.UTF_8);
            String second = await(later ? Later.value("second") : CompletableFuture.completedFuture("second"));
            check(ctx, "after the second await");
            respond(ctx, HttpResponseStatus.OK, first + "," + second + "," + path + "," + body);
            return CompletableFuture.completedFuture(null);
        }

        @Async
        private CompletableFuture<Void> hang(ChannelHandlerContext ctx, FullHttpRequest request) {
            hangStarted.countDown();
            try {
                await(new CompletableFuture<Void>()); // never completes: only the client's leaving ends it
            } catch (CancellationException expected) {
                hangCleanup = "cancelled";
                throw expected;
            } finally {
                hangCleanup = hangCleanup + (ctx.channel().eventLoop().inEventLoop() ? ", on the loop" : ", off the loop")
                        + ", refCnt " + request.refCnt();
                hangCleanedUp.countDown();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CAUGHT.add(cause);
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, cause.getMessage());
        }

        private static void check(ChannelHandlerContext ctx, String where) {
            if (!ctx.channel().eventLoop().inEventLoop()) {
                PROBLEMS.add(where + ": on " + Thread.currentThread().getName() + ", not the channel's loop");
            }
        }
    }

    /** Throws before its first await; takes /now-failing only, and passes other requests on. */
    static final class FailingAtOnce extends AsyncInboundHandler<FullHttpRequest> {
        @Override
        public boolean acceptInboundMessage(Object msg) {
            return msg instanceof FullHttpRequest request && request.uri().startsWith("/now-failing");
        }

        @Async
        @Override
        protected CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
            SEEN.add(request);
            throw new UnsupportedOperationException("boom before any await");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CAUGHT.add(cause);
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, cause.getMessage());
        }
    }

    @ChannelHandler.Sharable
    static final class Shared extends AsyncInboundHandler<FullHttpRequest> {
        @Override
        protected CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @BeforeAll
    static void start() throws InterruptedException {
        server = new ServerBootstrap().group(GROUP).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4096),
                                new FailingAtOnce(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().sync();
        GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        assertEquals(java.util.List.of(), RecordingLeakDetector.leaks(), "Netty's leak detector");
    }

    private static HttpResponse<String> get(String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path);
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "not within 10 s: " + what);
            Thread.sleep(1);
        }
    }

    private static FullHttpRequest lastSeen(String path) {
        return SEEN.stream().filter(request -> {
            try {
                return request.uri().equals(path);
            } catch (RuntimeException released) {
                return false;
            }
        }).reduce((first, second) -> second).orElseThrow();
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        HttpUtil.setContentLength(response, bytes.length);
        ctx.writeAndFlush(response);
    }

    @Test
    void afterRealSuspensionsTheRequestIsStillReadableAndIsReleasedOnceTheWorkSettled() throws Exception {
        HttpResponse<String> response = get("/later", "payload");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("first,second,/later,payload", response.body());
        FullHttpRequest request = lastSeen("/later");
        waitFor(() -> request.refCnt() == 0, "the request released");
        assertTrue(PROBLEMS.isEmpty(), PROBLEMS.toString());
    }

    @Test
    void withStagesAlreadyCompleteTheRequestIsReleasedOnceTheWorkSettled() throws Exception {
        HttpResponse<String> response = get("/complete", "now");
        assertEquals("first,second,/complete,now", response.body());
        FullHttpRequest request = lastSeen("/complete");
        waitFor(() -> request.refCnt() == 0, "the request released");
        assertTrue(PROBLEMS.isEmpty(), PROBLEMS.toString());
    }

    @Test
    void theHandlerReleasesExactlyTheOneReferenceItWasGiven() throws Exception {
        assertEquals(200, get("/retain", "kept").statusCode());
        FullHttpRequest request = lastSeen("/retain");
        waitFor(() -> request.refCnt() == 1, "one release of two references");
        Thread.sleep(50); // nothing releases it a second time later
        assertEquals(1, request.refCnt());
        assertEquals("kept", request.content().toString(StandardCharsets.UTF_8));
        request.release();
    }

    @Test
    void aFailureAfterAnAwaitReachesExceptionCaughtAsThrownAndTheRequestIsReleased() throws Exception {
        CAUGHT.clear();
        HttpResponse<String> response = get("/fail", "");
        assertEquals(500, response.statusCode());
        assertEquals("boom after an await", response.body());
        assertInstanceOf(IllegalStateException.class, CAUGHT.peek());
        assertEquals(1, CAUGHT.size());
        FullHttpRequest request = lastSeen("/fail");
        waitFor(() -> request.refCnt() == 0, "the request released");
    }

    @Test
    void aFailureBeforeAnyAwaitReachesExceptionCaughtAsThrown() throws Exception {
        CAUGHT.clear();
        HttpResponse<String> response = get("/now-failing", "");
        assertEquals(500, response.statusCode());
        assertEquals("boom before any await", response.body());
        assertInstanceOf(UnsupportedOperationException.class, CAUGHT.peek());
        FullHttpRequest request = lastSeen("/now-failing");
        waitFor(() -> request.refCnt() == 0, "the request released");
    }

    @Test
    void aClientThatGoesAwayCancelsTheWorkWhoseFinallyRunsOnTheLoopBeforeTheRelease() throws Exception {
        hangStarted = new CountDownLatch(1);
        hangCleanedUp = new CountDownLatch(1);
        hangCleanup = null;
        CAUGHT.clear();
        try (Socket socket = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /hang HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(hangStarted.await(10, TimeUnit.SECONDS), "the handler started");
            assertFalse(hangCleanedUp.await(50, TimeUnit.MILLISECONDS), "cleaned up while the client was there");
        }
        assertTrue(hangCleanedUp.await(10, TimeUnit.SECONDS), "the work cancelled when the channel went inactive");
        assertEquals("cancelled, on the loop, refCnt 1", hangCleanup);
        FullHttpRequest request = lastSeen("/hang");
        waitFor(() -> request.refCnt() == 0, "the request released after the cleanup");
        assertTrue(CAUGHT.isEmpty(), () -> "a cancellation by the channel's end is no failure: " + CAUGHT);
    }

    @Test
    void messagesOfAnotherTypePassOnUntouched() {
        Handler handler = new Handler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        String other = "not a request";
        channel.writeInbound(other);
        assertSame(other, channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void aSharableSubclassIsRefusedWithWhatToDo() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, Shared::new);
        assertEquals(Shared.class.getName() + " is @Sharable, but an AsyncInboundHandler keeps the work running"
                + " on its channel (to cancel it when the channel closes): remove @Sharable and add a new"
                + " instance per channel in ChannelInitializer.initChannel", refused.getMessage());
    }
}
