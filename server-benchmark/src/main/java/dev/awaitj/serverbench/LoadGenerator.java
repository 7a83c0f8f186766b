package dev.awaitj.serverbench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator: a fixed number of keep-alive connections, each sending
 * its next request as soon as its previous response arrived, until a request count or a deadline
 * is reached. One Netty event-loop thread runs every connection, so the latency histogram needs
 * no locking. Latency is from writing a request to reading its whole response.
 */
final class LoadGenerator implements AutoCloseable {
    /** What one run measured. */
    record Result(long requests, long errors, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final int port;

    LoadGenerator(int port) {
        this.port = port;
    }

    /**
     * Runs {@code connections} connections until {@code maxRequests} responses or {@code maxSeconds}
     * have passed, whichever comes first.
     */
    Result run(int connections, long maxRequests, double maxSeconds) throws InterruptedException {
        Run run = new Run(connections, maxRequests, (long) (maxSeconds * 1e9));
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                run.new Connection());
                    }
                });
        List<Channel> channels = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            channels.add(bootstrap.connect("127.0.0.1", port).sync().channel());
        }
        group.next().execute(run::start); // every connection open: start them all at once
        if (!run.finished.await((long) (maxSeconds * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the load run did not finish: " + run.completed + " responses");
        }
        for (Channel channel : channels) {
            channel.close().sync();
        }
        return new Result(run.completed, run.errors, (run.endNanos - run.startNanos) / 1e9, run.histogram);
    }

    /** One run's state; touched on the generator's event loop only. */
    private final class Run {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final CountDownLatch finished;
        final List<Connection> open = new ArrayList<>();
        final long maxRequests;
        final long maxNanos;
        long sent;
        long completed;
        long errors;
        long startNanos;
        long endNanos;
        int active;

        Run(int connections, long maxRequests, long maxNanos) {
            this.finished = new CountDownLatch(1);
            this.maxRequests = maxRequests;
            this.maxNanos = maxNanos;
            this.active = connections;
        }

        void start() {
            startNanos = System.nanoTime();
            for (Connection connection : open) {
                connection.sendNext();
            }
        }

        final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
            private ChannelHandlerContext ctx;
            private long sentAt;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                this.ctx = ctx;
                open.add(this);
            }

            void sendNext() {
                if (sent >= maxRequests || System.nanoTime() - startNanos >= maxNanos) {
                    if (--active == 0) {
                        endNanos = System.nanoTime();
                        finished.countDown();
                    }
                    return;
                }
                sent++;
                FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/",
                        Unpooled.EMPTY_BUFFER);
                request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
                sentAt = System.nanoTime();
                ctx.writeAndFlush(request, ctx.voidPromise());
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                long micros = (System.nanoTime() - sentAt) / 1_000;
                if (response.status().code() == 200
                        && response.content().toString(StandardCharsets.UTF_8).equals("later,now")) {
                    completed++;
                    histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                } else {
                    errors++;
                }
                sendNext();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors++;
                ctx.close();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
