package dev.awaitj.netty;

import dev.awaitj.Futures;
import dev.awaitj.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.TypeParameterMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * An inbound handler whose work on each message is an {@code @Async} method: Netty's
 * {@code SimpleChannelInboundHandler} for code that awaits.
 *
 * <pre>{@code
 * class Hello extends AsyncInboundHandler<FullHttpRequest> {
 *     @Async
 *     @Override
 *     protected CompletableFuture<Void> handle(ChannelHandlerContext ctx, FullHttpRequest request) {
 *         String name = await(users.name(request.uri()));       // the request is still readable here
 *         ctx.writeAndFlush(ok("hello " + name));               // back on the channel's event loop
 *         return CompletableFuture.completedFuture(null);
 *     }
 * }
 * // in ChannelInitializer.initChannel: pipeline.addLast(new HttpServerCodec(),
 * //         new HttpObjectAggregator(65536), new Hello());
 * }</pre>
 *
 * <p>For each message of type {@code I} (others go on down the pipeline, untouched):
 * <ul>
 *   <li><b>It runs on the channel's loop.</b> {@link #handle} starts at once, inside
 *       {@code channelRead}, under the loop's {@link NettyDispatch}, and continues on that loop
 *       after every await, whoever completes what it awaits.</li>
 *   <li><b>The message lives as long as the work.</b> It is released once, when the future
 *       {@code handle} returned has settled (after its cleanup, if it was cancelled), never
 *       earlier. To keep it longer, or to pass it on, {@code retain()} it.</li>
 *   <li><b>The work ends with its channel.</b> When the channel goes inactive (the client went
 *       away), the work still running is cancelled: {@code CancellationException} is thrown at
 *       its await, its {@code finally} blocks run on the loop, and the message is released after
 *       them.</li>
 *   <li><b>No failure is dropped.</b> A failure of the work (what {@code handle} threw, before
 *       or after an await) goes to {@link #exceptionCaught} on the loop, whose default passes it
 *       down the pipeline; override it to answer with an error or close the channel. A
 *       cancellation by the channel's end is not a failure, unless its cleanup threw (then the
 *       cancellation carries what it threw as suppressed exceptions).</li>
 * </ul>
 *
 * <p>The handler remembers the work running on its channel, so it cannot be
 * {@code @Sharable}: add a new instance per channel.
 *
 * @param <I> the type of message handled; other messages are passed on
 */
public abstract class AsyncInboundHandler<I> extends ChannelInboundHandlerAdapter {
    private final TypeParameterMatcher matcher;
    /** Work started on this handler's channel and not settled yet; touched on the loop only. */
    private final List<CompletableFuture<?>> running = new ArrayList<>(1);

    /** Handles messages of the type argument {@code I} of the subclass. */
    protected AsyncInboundHandler() {
        matcher = TypeParameterMatcher.find(this, AsyncInboundHandler.class, "I");
        refuseSharable();
    }

    /** Handles messages of {@code type}. */
    protected AsyncInboundHandler(Class<? extends I> type) {
        matcher = TypeParameterMatcher.get(type);
        refuseSharable();
    }

    /**
     * The work on one message, which an {@code @Async} method implements; it starts on the
     * channel's event loop and resumes there.
     *
     * @return its outcome; {@code msg} is released once it has settled
     */
    protected abstract CompletionStage<?> handle(ChannelHandlerContext ctx, I msg) throws Exception;

    /** Whether {@code msg} is handled here; others are passed on with {@code fireChannelRead}. */
    public boolean acceptInboundMessage(Object msg) throws Exception {
        return matcher.match(msg);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!acceptInboundMessage(msg)) {
            ctx.fireChannelRead(msg);
            return;
        }
        @SuppressWarnings("unchecked")
        I typed = (I) msg;
        EventLoop loop = ctx.channel().eventLoop();
        CompletableFuture<?> work = NettyDispatch.of(loop).call(() -> start(ctx, typed));
        if (work.isDone() && !work.isCancelled()) {
            finish(ctx, msg, work, failureOf(work));
            return;
        }
        running.add(work);
        work.whenComplete((ignored, failure) -> {
            if (unwrap(failure) instanceof CancellationException) {
                // what a plain callback sees at once; the message outlives the work's cleanup
                Futures.allSettled(List.of(work)).thenAccept(outcomes -> onLoop(loop,
                        () -> finish(ctx, msg, work, failureOf(outcomes.get(0)))));
            } else {
                onLoop(loop, () -> finish(ctx, msg, work, failure));
            }
        });
    }

    /** Cancels the work still running on this channel, then passes the event on. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (CompletableFuture<?> work : List.copyOf(running)) {
            work.cancel(true);
        }
        super.channelInactive(ctx);
    }

    private CompletionStage<?> start(ChannelHandlerContext ctx, I msg) {
        try {
            CompletionStage<?> stage = handle(ctx, msg);
            if (stage == null) {
                throw new NullPointerException(getClass().getName() + ".handle returned null: "
                        + "return the future of an @Async method");
            }
            return stage;
        } catch (Exception thrown) {
            return CompletableFuture.failedFuture(thrown);
        }
    }

    private void finish(ChannelHandlerContext ctx, Object msg, CompletableFuture<?> work, Throwable failure) {
        running.remove(work);
        ReferenceCountUtil.release(msg);
        Throwable cause = unwrap(failure);
        if (cause == null || (cause instanceof CancellationException && cause.getSuppressed().length == 0)) {
            return;
        }
        try {
            exceptionCaught(ctx, cause);
        } catch (Throwable thrown) {
            ctx.fireExceptionCaught(thrown);
        }
    }

    private void refuseSharable() {
        if (isSharable()) {
            throw new IllegalStateException(getClass().getName() + " is @Sharable, but an AsyncInboundHandler "
                    + "keeps the work running on its channel (to cancel it when the channel closes): "
                    + "remove @Sharable and add a new instance per channel in ChannelInitializer.initChannel");
        }
    }

    private static void onLoop(EventLoop loop, Runnable action) {
        if (loop.inEventLoop()) {
            action.run();
            return;
        }
        try {
            loop.execute(action);
        } catch (RejectedExecutionException shutDown) {
            action.run(); // the loop is gone: release the message here rather than never
        }
    }

    private static Throwable failureOf(CompletableFuture<?> done) {
        return done.isCompletedExceptionally() ? done.handle((value, failure) -> failure).join() : null;
    }

    private static Throwable failureOf(Outcome<?> outcome) {
        return outcome instanceof Outcome.Failure<?> failed ? failed.exception() : null;
    }

    private static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
