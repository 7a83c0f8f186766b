/**
 * awaitj for Netty: {@link dev.awaitj.netty.NettyDispatch} (one {@link dev.awaitj.Dispatch} per
 * event loop) and {@link dev.awaitj.netty.AsyncInboundHandler} (an inbound handler whose
 * {@code @Async} work keeps its message, is cancelled with its channel and reports its failure).
 */
module dev.awaitj.netty {
    requires transitive dev.awaitj.runtime;
    requires transitive io.netty.transport;
    requires transitive io.netty.common; // EventExecutor is in NettyDispatch.of

    exports dev.awaitj.netty;
}
