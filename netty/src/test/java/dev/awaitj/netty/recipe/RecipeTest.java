package dev.awaitj.netty.recipe;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.annotation.Async;
import dev.awaitj.netty.NettyDispatch;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/runtime.md's Netty recipes, run: the handler in a real server, the adopted loop threads. */
class RecipeTest {
    private final Names names = new Names();

    @Test
    void theHandlerRecipeAnswersAfterItsAwait() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            // a new handler per channel
                            channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Hello(names));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            URI uri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ada");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("hello ada", response.body());
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Async
    CompletableFuture<String> lookUpOnALoop(EventExecutor loop) {
        String name = await(names.lookup("/grace"));
        return CompletableFuture.completedFuture(name + (loop.inEventLoop() ? " on the loop" : " elsewhere"));
    }

    @Test
    void adoptedLoopThreadsResumeAsyncMethodsStartedOnThem() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            for (EventExecutor loop : group) {
                loop.execute(() -> NettyDispatch.of(loop).adoptCurrentThread());
            }
            EventExecutor loop = group.next();
            CompletableFuture<CompletableFuture<String>> started =
                    CompletableFuture.supplyAsync(() -> lookUpOnALoop(loop), loop);
            assertEquals("grace on the loop", started.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
