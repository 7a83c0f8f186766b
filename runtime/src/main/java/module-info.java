/**
 * The awaitj runtime: {@link dev.awaitj.Await#await} and the asyncio-style runtime in
 * {@code dev.awaitj}; {@code dev.awaitj.internal} holds what rewritten {@code @Async} methods call
 * and is not API.
 */
module dev.awaitj.runtime {
    requires static org.jetbrains.annotations; // IntelliJ's async stack trace markers, compile time only

    exports dev.awaitj;
    exports dev.awaitj.stream;
    exports dev.awaitj.internal;
}
