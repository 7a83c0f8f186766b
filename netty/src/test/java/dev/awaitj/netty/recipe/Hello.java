package dev.awaitj.netty.recipe;

import static dev.awaitj.Await.await;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpVersion.HTTP_1_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.awaitj.annotation.Async;
import dev.awaitj.netty.AsyncInboundHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.CompletableFuture;

/** The Netty recipe of docs/runtime.md, as written there (RecipeTest runs it). */
class Hello extends AsyncInboundHandler<FullHttpRequest> {
    private final Names names;

    Hello(Names names) {
        this.names = names;
    }

    @Async
    @Override
    protected CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String name = await(names.lookup(request.uri()));   // any stage; then back on the channel's loop
        FullHttpResponse response = new DefaultFullHttpResponse(HTTP_1_1, OK,
                Unpooled.copiedBuffer("hello " + name, UTF_8));   // the request is still readable here
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response);
        return CompletableFuture.completedFuture(null);    // request released once this settles
    }
}
