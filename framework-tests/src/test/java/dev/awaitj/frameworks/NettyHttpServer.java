package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;

import dev.awaitj.Dispatch;
import dev.awaitj.annotation.Async;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real Netty HTTP server on 127.0.0.1 whose handler is an {@code @Async} method started with
 * {@link Dispatch#call}: it awaits twice (stages already complete for {@code ?path=complete},
 * completed by the {@link Completer}'s thread otherwise), checks after each await that it runs on
 * its channel's event loop, and answers with the thread names it saw.
 */
final class NettyHttpServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Completer completer = new Completer();
    private final Channel server;
    /** Continuations that found themselves on their channel's event loop. */
    final AtomicInteger continuationsChecked = new AtomicInteger();
    /** What went wrong anywhere: a continuation on a wrong thread, a failed handler. */
    final Queue<String> problems = new ConcurrentLinkedQueue<>();

    NettyHttpServer() throws InterruptedException {
        server = bind(group, Handler::new);
    }

    /** An HTTP server on 127.0.0.1 (any free port) whose requests, aggregated, go to a new handler. */
    static Channel bind(EventLoopGroup group, Supplier<? extends ChannelHandler> handler)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4096),
                                handler.get());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            EventLoop loop = ctx.channel().eventLoop();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            List<String> path = new QueryStringDecoder(request.uri()).parameters().get("path");
            boolean complete = path != null && path.contains("complete");
            Dispatch.on(loop, loop::inEventLoop)
                    .call(() -> handle(ctx, keepAlive, complete))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            problems.add("handler failed: " + failure);
                            ctx.close();
                        }
                    });
        }
    }

    @Async
    CompletableFuture<Void> handle(ChannelHandlerContext ctx, boolean keepAlive, boolean complete) {
        EventLoop loop = ctx.channel().eventLoop();
        String first = await(stage(complete, "first"));
        String afterFirst = where(loop, "first");
        String second = await(stage(complete, "second"));
        String afterSecond = where(loop, "second");
        byte[] body = (first + "@" + afterFirst + "," + second + "@" + afterSecond).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.writeAndFlush(response).addListener(written -> {
            if (!keepAlive || !written.isSuccess()) {
                ctx.close();
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<String> stage(boolean complete, String value) {
        return complete ? CompletableFuture.completedFuture(value) : completer.later(value);
    }

    private String where(EventLoop loop, String after) {
        if (loop.inEventLoop()) {
            continuationsChecked.incrementAndGet();
        } else {
            problems.add("after the " + after + " await: on " + Thread.currentThread().getName()
                    + ", not on the channel's event loop");
        }
        return Thread.currentThread().getName();
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        completer.close();
    }
}
