package dev.awaitj.netty;

import dev.awaitj.Dispatch;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Dispatch} of a Netty event loop: async work started under it resumes on that loop
 * after every await. One dispatch per loop, made on first use and forgotten when the loop
 * terminates, so a handler asks for it per message at the cost of a map lookup, not of new
 * objects.
 *
 * <pre>{@code
 * Dispatch loop = NettyDispatch.of(ctx.channel().eventLoop());
 * loop.call(() -> handle(ctx, request));            // @Async handle(...) continues on the loop
 * }</pre>
 */
public final class NettyDispatch {
    private static final Map<EventExecutor, Dispatch> DISPATCHES = new ConcurrentHashMap<>();

    private NettyDispatch() {
    }

    /**
     * The dispatch that resumes on {@code loop} ({@code call} starts inline when the calling
     * thread is the loop's, as {@link EventExecutor#inEventLoop()} tells); the same object for
     * the same loop until the loop terminates.
     */
    public static Dispatch of(EventExecutor loop) {
        Dispatch known = DISPATCHES.get(Objects.requireNonNull(loop, "loop"));
        return known != null ? known : create(loop);
    }

    private static Dispatch create(EventExecutor loop) {
        Dispatch dispatch = DISPATCHES.computeIfAbsent(loop, NettyDispatch::newDispatch);
        loop.terminationFuture().addListener(terminated -> DISPATCHES.remove(loop, dispatch));
        return dispatch;
    }

    private static Dispatch newDispatch(EventExecutor loop) {
        return Dispatch.on(loop, loop::inEventLoop);
    }
}
